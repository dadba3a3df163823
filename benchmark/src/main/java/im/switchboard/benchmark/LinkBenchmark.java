package im.switchboard.benchmark;

import com.sun.management.OperatingSystemMXBean;
import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.link.ComponentLink;
import im.switchboard.core.link.LinkSettings;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How many message stanzas per second the XEP-0114 link and the core carry: parse, route, hand to the
 * {@link FakeBridge} (whose {@code echo} user answers at once), build the reply, validate, serialize, write.
 * The XMPP server is a {@link LoadDriver} in a child process on loopback, so the CPU time measured here is the
 * gateway's own.
 *
 * <p>Usage: {@code LinkBenchmark [MESSAGES [USERS [ROUNDS]]]} (defaults 200000, 1, 3). Prints one line per round
 * and the medians, for the gateway and for the driver's own ceiling (the driver against {@link Reflector}).
 */
public final class LinkBenchmark {

    private static final String DOMAIN = "fake.bench.example";
    private static final String SECRET = "benchmark-secret";
    private static final long TIMEOUT_SECONDS = 300;

    private record Round(long messages, long nanos, long cpuNanos) {

        double rate() {
            return messages * 1e9 / nanos;
        }

        double cpuMillisPerThousand() {
            return cpuNanos / 1e6 / (messages / 1000.0);
        }
    }

    private LinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "link benchmark: %d messages, %d user(s), %d rounds, %d cores, Java %s%n",
                messages, users, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());

        // Untimed warm-up rounds, so that what is measured is the steady state after the JIT has compiled the
        // hot path (the first 200,000 messages run at about a third of the steady rate).
        for (int w = 0; w < 3; w++) {
            gatewayRound(messages, users);
        }
        List<Round> gateway = new ArrayList<>();
        List<Round> ceiling = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Round g = gatewayRound(messages, users);
            gateway.add(g);
            print("gateway", r, g);
            Round c = ceilingRound(messages, users);
            ceiling.add(c);
            print("ceiling", r, c);
        }
        Round g = median(gateway);
        Round c = median(ceiling);
        System.out.printf(Locale.ROOT, "MEDIAN gateway: %,.0f msg/s, %.2f ms CPU per 1,000 messages%n",
                g.rate(), g.cpuMillisPerThousand());
        System.out.printf(Locale.ROOT, "MEDIAN driver ceiling (reflector): %,.0f msg/s%n", c.rate());
        System.out.printf(Locale.ROOT, "gateway / ceiling: %.2f%n", g.rate() / c.rate());
    }

    private static void print(String what, int round, Round r) {
        System.out.printf(Locale.ROOT, "round %d %-8s %,10.0f msg/s  %6.2f ms CPU per 1,000 (%d messages in %.3f s)%n",
                round, what, r.rate(), r.cpuMillisPerThousand(), r.messages(), r.nanos() / 1e9);
    }

    private static Round median(List<Round> rounds) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a.rate(), b.rate()));
        return sorted.get(sorted.size() / 2);
    }

    private static Round gatewayRound(int messages, int users) throws Exception {
        Driver driver = Driver.start(messages, users);
        FakeNetwork network = new FakeNetwork().withoutHistory();
        InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
        for (int u = 0; u < users; u++) {
            registrations.save(new Registration(LoadDriver.userJid(u), Map.of()));
        }
        // The mailbox holds the whole burst: the driver blasts without flow control, and a refusal would be a
        // resource-constraint error instead of a relayed message (THREATS X11 keeps that bound in production).
        GatewaySettings settings = new GatewaySettings(DOMAIN, Set.of("bench.example"), messages + 1, "bench",
                Optional.empty(), GatewaySettings.DEFAULT_CAPS_NODE, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
        GatewayComponent component = new GatewayComponent(new FakeBridge(network), registrations, settings);
        LinkSettings linkSettings = LinkSettings.builder(DOMAIN, SECRET)
                .server("127.0.0.1", driver.port())
                .queueCapacity(messages + 10_000)
                .queueMaxBytes(1L << 30)
                .build();
        ComponentLink link = new ComponentLink(linkSettings, component);
        try {
            component.start(link);
            link.start();
            driver.awaitLine("PRESENCES-SENT");
            for (int u = 0; u < users; u++) {
                network.awaitLoggedIn(LoadDriver.userJid(u), true, Duration.ofSeconds(60));
            }
            long cpuBefore = processCpuNanos();
            driver.go();
            long nanos = driver.awaitResult();
            long cpu = processCpuNanos() - cpuBefore;
            return new Round(messages, nanos, cpu);
        } finally {
            component.close();
            link.close();
            driver.close();
        }
    }

    private static Round ceilingRound(int messages, int users) throws Exception {
        Driver driver = Driver.start(messages, users);
        try (Reflector reflector = Reflector.connect(driver.port(), DOMAIN, SECRET)) {
            driver.awaitLine("PRESENCES-SENT");
            long cpuBefore = processCpuNanos();
            driver.go();
            long nanos = driver.awaitResult();
            return new Round(messages, nanos, processCpuNanos() - cpuBefore);
        } finally {
            driver.close();
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The {@link LoadDriver} child process: {@code GO} starts the blast, {@code RESULT} ends it. */
    private record Driver(ChildDriver child) implements AutoCloseable {

        static Driver start(int messages, int users) throws IOException {
            return new Driver(ChildDriver.start("load driver", List.of("-Xmx1g"), LoadDriver.class,
                    List.of(DOMAIN, SECRET, Integer.toString(messages), Integer.toString(users),
                            Long.toString(TIMEOUT_SECONDS))));
        }

        int port() {
            return child.port();
        }

        void awaitLine(String expected) throws IOException {
            child.expectLine(expected);
        }

        void go() throws IOException {
            child.send("GO");
        }

        /** The driver's elapsed nanoseconds from its first send to its last expected reply. */
        long awaitResult() throws IOException {
            String line = child.next();
            if (!line.startsWith("RESULT ") || line.contains("incomplete") || !line.contains(" errors=0 ")) {
                throw new IOException("load driver run failed: " + line);
            }
            return ChildDriver.field(line, "nanos");
        }

        @Override
        public void close() {
            child.close();
        }
    }
}
