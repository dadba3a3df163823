package im.switchboard.benchmark.irc;

import com.sun.management.OperatingSystemMXBean;
import im.switchboard.benchmark.ChildDriver;
import im.switchboard.benchmark.LoadDriver;
import im.switchboard.config.Config;
import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Schema;
import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.history.H2RoomHistory;
import im.switchboard.core.history.HistorySettings;
import im.switchboard.core.history.NoRoomHistory;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.link.ComponentLink;
import im.switchboard.core.link.LinkSettings;
import im.switchboard.core.spi.Bridge;
import im.switchboard.irc.IrcBridge;
import im.switchboard.irc.connection.PircIrcConnector;
import im.switchboard.irc.session.ReconnectScheduler;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * Messages per second through the whole gateway between IRC and XMPP, both directions, and the gateway's CPU
 * per 1,000 messages: the XMPP server is a {@link RelayXmppDriver} and the IRC server a {@link LoadIrcServer},
 * each in its own child process on loopback; the gateway ({@link GatewayComponent} + {@link ComponentLink} +
 * the IRC bridge with the gateway's {@link PircIrcConnector}) runs in this process, whose
 * CPU time is measured.
 *
 * <p>Each user joins one channel of their own (a MUC room, {@code #bench<u>%SERVER@DOMAIN}), or with
 * {@code --mode=private} exchanges chat messages with the IRC user {@code alice}. IRC → XMPP: the IRC server
 * blasts PRIVMSGs, shared among the users, and the XMPP driver counts message stanzas. XMPP → IRC: the XMPP
 * driver writes message stanzas and the IRC server counts PRIVMSGs (throttling off: {@code line-interval = 0}).
 * The drivers' ceilings are measured in the same run with {@link RawBenchClient} connections (IRC side).
 *
 * <p>Usage: {@code IrcRelayBenchmark [MESSAGES [USERS [ROUNDS]]] [--mode=channel|private] [--history=off|on|alternate]
 * [--time-tags] [--direction=both|in|out] [--versus-biboumi]} (defaults 200000, 1, 3, channel, off, both;
 * {@code in} is IRC → XMPP only, for profiling one direction; {@code --versus-biboumi} runs 1 and 50 users, both
 * directions, and prints each median next to Biboumi's figure with the ratio). {@code -Drelay.noCeiling=true} skips the driver ceiling.
 */
public final class IrcRelayBenchmark {

    static final String DOMAIN = "irc.bench.example";
    static final String IRC_HOST = "127.0.0.1";
    private static final String SECRET = "benchmark-secret";
    private static final long TIMEOUT_SECONDS = 300;

    record Round(long messages, long nanos, long cpuNanos) {

        double rate() {
            return messages * 1e9 / nanos;
        }

        double cpuMillisPerThousand() {
            return cpuNanos / 1e6 / (messages / 1000.0);
        }
    }

    /** {@code off}, {@code on}, or {@code alternate}: off and on in turn, each round of the same run. */
    enum History { OFF, ON, ALTERNATE }

    record Options(int messages, int users, int rounds, boolean channels, History history, boolean timeTags,
            boolean in, boolean out) {

        Options withUsers(int count) {
            return new Options(messages, count, rounds, channels, history, timeTags, in, out);
        }
    }

    /**
     * A figure of Biboumi 9.0 in this same kind of harness on a 2-core machine (issue 4 of the project), and ours
     * must be at least {@link #TARGET_RATIO} times it.
     *
     * @param cpuMillisPerThousand Biboumi's CPU per 1,000 messages, or NaN when not known
     */
    record BiboumiFigure(String direction, int users, double rate, double cpuMillisPerThousand) {
    }

    static final double TARGET_RATIO = 1.5;
    static final List<BiboumiFigure> BIBOUMI = List.of(
            new BiboumiFigure("IRC->XMPP", 1, 44_000, 13.5),
            new BiboumiFigure("IRC->XMPP", 50, 37_000, Double.NaN),
            // Biboumi's XMPP -> IRC figure (throttling off) is one number; both user counts are held to it.
            new BiboumiFigure("XMPP->IRC", 1, 25_000, Double.NaN),
            new BiboumiFigure("XMPP->IRC", 50, 25_000, Double.NaN));

    private IrcRelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        boolean channels = true;
        History history = History.OFF;
        boolean timeTags = false;
        boolean in = true;
        boolean out = true;
        boolean versus = false;
        for (String arg : args) {
            switch (arg) {
                case "--versus-biboumi" -> versus = true;
                case "--mode=channel" -> channels = true;
                case "--mode=private" -> channels = false;
                case "--history=on" -> history = History.ON;
                case "--history=off" -> history = History.OFF;
                case "--history=alternate" -> history = History.ALTERNATE;
                case "--time-tags" -> timeTags = true;
                case "--direction=both" -> {
                    in = true;
                    out = true;
                }
                case "--direction=in" -> {
                    in = true;
                    out = false;
                }
                case "--direction=out" -> {
                    in = false;
                    out = true;
                }
                default -> positional.add(arg);
            }
        }
        Options o = new Options(positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 200_000,
                positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 1,
                positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 3, channels, history, timeTags, in,
                out);
        System.out.printf(Locale.ROOT, "irc-relay benchmark: %d messages, %d user(s), %d rounds, %s, history %s,"
                        + " time tags %s, %d cores, Java %s%n", o.messages(), o.users(), o.rounds(),
                o.channels() ? "channels" : "private messages", o.history().name().toLowerCase(Locale.ROOT),
                o.timeTags(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (o.history() == History.ALTERNATE) {
            alternate(o);
            return;
        }
        if (versus) {
            versusBiboumi(o);
            return;
        }
        List<Round> inRounds = new ArrayList<>();
        List<Round> outRounds = new ArrayList<>();
        try (Gateway gateway = Gateway.start(o)) {
            // Untimed warm-up rounds: the JIT compiles the hot path first.
            for (int w = 0; w < 2; w++) {
                if (o.in()) {
                    gateway.ircToXmpp(o.messages());
                }
                if (o.out()) {
                    gateway.xmppToIrc(o.messages());
                }
            }
            for (int r = 1; r <= o.rounds(); r++) {
                if (o.in()) {
                    Round i = gateway.ircToXmpp(o.messages());
                    print("IRC->XMPP", r, i);
                    inRounds.add(i);
                }
                if (o.out()) {
                    Round x = gateway.xmppToIrc(o.messages());
                    print("XMPP->IRC", r, x);
                    outRounds.add(x);
                }
            }
        }
        if (o.in()) {
            Round i = median(inRounds);
            System.out.printf(Locale.ROOT, "MEDIAN IRC->XMPP: %,.0f msg/s, %.2f ms CPU per 1,000 messages%n",
                    i.rate(), i.cpuMillisPerThousand());
        }
        if (o.out()) {
            Round x = median(outRounds);
            System.out.printf(Locale.ROOT, "MEDIAN XMPP->IRC: %,.0f msg/s, %.2f ms CPU per 1,000 messages%n",
                    x.rate(), x.cpuMillisPerThousand());
        }
        if (Boolean.getBoolean("relay.noCeiling")) {
            return;
        }
        IrcDriverCeiling.Result ceiling = IrcDriverCeiling.measure(o.messages(), o.users(), o.rounds());
        System.out.printf(Locale.ROOT, "MEDIAN IRC driver ceiling: blast %,.0f msg/s, receive %,.0f msg/s%n",
                ceiling.blastRate(), ceiling.receiveRate());
    }

    /**
     * History off and on in one run: the same gateway, warmed up once, its history switched between rounds (off,
     * on, off, on, ...), each round ended only when the write-behind stored what it appended; medians and the
     * ratio on/off per direction.
     */
    private static void alternate(Options o) throws Exception {
        Map<Boolean, List<Round>> in = Map.of(false, new ArrayList<>(), true, new ArrayList<>());
        Map<Boolean, List<Round>> out = Map.of(false, new ArrayList<>(), true, new ArrayList<>());
        try (Gateway gateway = Gateway.start(o)) {
            for (int w = 0; w < 2; w++) {
                gateway.history(w == 1);
                gateway.ircToXmpp(o.messages());
                gateway.xmppToIrc(o.messages());
            }
            for (int r = 1; r <= o.rounds(); r++) {
                for (boolean on : new boolean[] {false, true}) {
                    gateway.history(on);
                    String label = on ? " on" : " off";
                    Round i = gateway.ircToXmpp(o.messages());
                    print("IRC->XMPP" + label, r, i);
                    in.get(on).add(i);
                    Round x = gateway.xmppToIrc(o.messages());
                    print("XMPP->IRC" + label, r, x);
                    out.get(on).add(x);
                }
            }
        }
        for (String direction : List.of("IRC->XMPP", "XMPP->IRC")) {
            Map<Boolean, List<Round>> rounds = direction.startsWith("IRC") ? in : out;
            Round off = median(rounds.get(false));
            Round on = median(rounds.get(true));
            System.out.printf(Locale.ROOT, "MEDIAN %s history off: %,.0f msg/s, %.2f ms CPU per 1,000; history on:"
                    + " %,.0f msg/s, %.2f ms CPU per 1,000; on/off rate %.3f, CPU %.3f%n", direction, off.rate(),
                    off.cpuMillisPerThousand(), on.rate(), on.cpuMillisPerThousand(), on.rate() / off.rate(),
                    on.cpuMillisPerThousand() / off.cpuMillisPerThousand());
        }
    }

    /**
     * Every figure of {@link #BIBOUMI} in one run: 1 user, then 50, each direction {@code o.rounds()} times after
     * two warm-up rounds, medians next to Biboumi's with the ratio and whether it reaches {@link #TARGET_RATIO}.
     */
    private static void versusBiboumi(Options o) throws Exception {
        Map<String, Round> medians = new java.util.LinkedHashMap<>();
        for (int users : new int[] {1, 50}) {
            Options each = o.withUsers(users);
            List<Round> in = new ArrayList<>();
            List<Round> out = new ArrayList<>();
            try (Gateway gateway = Gateway.start(each)) {
                for (int w = 0; w < 2; w++) {
                    gateway.ircToXmpp(each.messages());
                    gateway.xmppToIrc(each.messages());
                }
                for (int r = 1; r <= each.rounds(); r++) {
                    Round i = gateway.ircToXmpp(each.messages());
                    print("IRC->XMPP " + users + "u", r, i);
                    in.add(i);
                    Round x = gateway.xmppToIrc(each.messages());
                    print("XMPP->IRC " + users + "u", r, x);
                    out.add(x);
                }
            }
            medians.put("IRC->XMPP " + users, median(in));
            medians.put("XMPP->IRC " + users, median(out));
        }
        System.out.printf(Locale.ROOT, "VERSUS Biboumi 9.0 (same harness, figures of issue 4), target %.1fx:%n",
                TARGET_RATIO);
        for (BiboumiFigure b : BIBOUMI) {
            Round ours = medians.get(b.direction() + " " + b.users());
            double ratio = ours.rate() / b.rate();
            System.out.printf(Locale.ROOT, "%s %2d user(s): %,9.0f msg/s %6.2f ms CPU/1,000 | Biboumi %,7.0f msg/s %s"
                    + " | %.2fx %s%n", b.direction(), b.users(), ours.rate(), ours.cpuMillisPerThousand(), b.rate(),
                    Double.isNaN(b.cpuMillisPerThousand()) ? "(CPU n/a)"
                            : String.format(Locale.ROOT, "%.2f ms CPU/1,000", b.cpuMillisPerThousand()),
                    ratio, ratio >= TARGET_RATIO ? "met" : "NOT MET");
        }
    }

    static void print(String what, int round, Round r) {
        System.out.printf(Locale.ROOT, "round %d %-13s %,10.0f msg/s  %6.2f ms CPU per 1,000 (%d messages in %.3f s)%n",
                round, what, r.rate(), r.cpuMillisPerThousand(), r.messages(), r.nanos() / 1e9);
    }

    static Round median(List<Round> rounds) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a.rate(), b.rate()));
        return sorted.get(sorted.size() / 2);
    }

    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The gateway under test with its two drivers. */
    private static final class Gateway implements AutoCloseable {

        private final LoadIrcServerProcess irc;
        private final ChildDriver xmpp;
        private final GatewayComponent component;
        private final ComponentLink link;
        private final boolean channels;
        private final SwitchableHistory history;

        private Gateway(LoadIrcServerProcess irc, ChildDriver xmpp, GatewayComponent component, ComponentLink link,
                boolean channels, SwitchableHistory history) {
            this.channels = channels;
            this.history = history;
            this.irc = irc;
            this.xmpp = xmpp;
            this.component = component;
            this.link = link;
        }

        static Gateway start(Options o) throws Exception {
            LoadIrcServerProcess irc = o.timeTags() ? LoadIrcServerProcess.start("--time-tags")
                    : LoadIrcServerProcess.start();
            ChildDriver xmpp;
            try {
                xmpp = startXmppDriver(o.users(), o.channels());
            } catch (IOException | RuntimeException e) {
                irc.close();
                throw e;
            }
            try {
                return start(o, irc, xmpp);
            } catch (Exception e) {
                xmpp.close();
                irc.close();
                throw e;
            }
        }

        private static Gateway start(Options o, LoadIrcServerProcess irc, ChildDriver xmpp) throws Exception {
            Bridge bridge = ircBridge(irc.port());
            InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
            for (int u = 0; u < o.users(); u++) {
                registrations.save(new Registration(LoadDriver.userJid(u), Map.of("nick", "user" + u)));
            }
            // Mailboxes hold a whole burst: the drivers do no flow control (X11 bounds it in production).
            int burst = o.messages() * 3 + 10_000;
            GatewaySettings settings = new GatewaySettings(DOMAIN, Set.of("bench.example"), burst, "bench",
                    Optional.empty(), GatewaySettings.DEFAULT_CAPS_NODE, Duration.ofSeconds(60),
                    Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10));
            SwitchableHistory history = null;
            GatewayComponent component;
            if (o.history() == History.ALTERNATE) {
                history = new SwitchableHistory(h2(burst));
                component = new GatewayComponent(bridge, registrations, settings, history);
            } else {
                component = gateway(bridge, registrations, settings, o.history() == History.ON, burst);
            }
            ComponentLink link = new ComponentLink(LinkSettings.builder(DOMAIN, SECRET)
                    .server("127.0.0.1", xmpp.port())
                    .queueCapacity(burst)
                    .queueMaxBytes(1L << 30)
                    // The driver counts bytes and answers no XEP-0199 ping: with the default 60 s keepalive a run
                    // longer than 80 s lost its link (and its counts) to the unanswered ping.
                    .keepalive(Duration.ofHours(1), Duration.ofSeconds(20))
                    .build(), component);
            Gateway gateway = new Gateway(irc, xmpp, component, link, o.channels(), history);
            try {
                component.start(link);
                link.start();
                xmpp.expectLine("PRESENCES-SENT");
                gateway.connectUsers(o);
                return gateway;
            } catch (Exception e) {
                component.close();
                link.close();
                throw e;
            }
        }

        /**
         * The gateway as the application assembles it. History on: the encrypted H2 write-behind room history
         * (the application's default) in a temporary directory, with room for a whole burst pending; off: the
         * component's own in-memory history is replaced by {@link NoRoomHistory}, which keeps nothing.
         */
        private static GatewayComponent gateway(Bridge bridge, InMemoryRegistrationStore registrations,
                GatewaySettings settings, boolean history, int burst) throws IOException {
            if (!history) {
                return new GatewayComponent(bridge, registrations, settings, NoRoomHistory.INSTANCE);
            }
            RoomHistory store = h2(burst);
            return new GatewayComponent(bridge, registrations, settings, store);
        }

        private static H2RoomHistory h2(int burst) throws IOException {
            Path dir = Files.createTempDirectory("relay-history");
            dir.toFile().deleteOnExit();
            return H2RoomHistory.open(dir.resolve("history.mv.db"), MasterKey.generate(),
                    HistorySettings.DEFAULT.withPendingCapacity(burst));
        }

        /** Joins every user to their channel (or opens their connection with one private message). */
        private void connectUsers(Options o) throws IOException {
            if (o.channels()) {
                String joined = xmpp.ask("JOIN");
                if (joined.contains("incomplete") || !joined.contains(" errors=0")) {
                    throw new IOException("not every user joined their room: " + joined);
                }
            } else {
                String ready = irc.ask("EXPECT " + o.users() + " " + TIMEOUT_SECONDS);
                if (!ready.equals("READY")) {
                    throw new IOException("IRC server: " + ready);
                }
                xmpp.ask("SEND " + o.users());
                String received = irc.next();
                if (received.contains("incomplete")) {
                    throw new IOException("not every user's connection came up: " + received);
                }
            }
            String status = irc.status();
            if (ChildDriver.field(status, "registered") < o.users()) {
                throw new IOException("the IRC server does not see every user: " + status);
            }
        }

        /** IRC → XMPP: the IRC server blasts, the XMPP driver counts. */
        Round ircToXmpp(int messages) throws IOException {
            String ready = xmpp.ask("EXPECT " + messages);
            if (!ready.equals("READY")) {
                throw new IOException("XMPP driver: " + ready);
            }
            long cpu = processCpuNanos();
            irc.ask("BLAST " + messages);
            String received = xmpp.next();
            long flushNanos = flushHistory();
            long used = processCpuNanos() - cpu;
            if (received.contains("incomplete") || !received.contains(" errors=0 ")) {
                throw new IOException("IRC -> XMPP run failed: " + received);
            }
            return new Round(messages, ChildDriver.field(received, "nanos") + flushNanos, used);
        }

        /** XMPP → IRC: the XMPP driver sends, the IRC server counts. */
        Round xmppToIrc(int messages) throws IOException {
            String ready = irc.ask("EXPECT " + messages + " " + TIMEOUT_SECONDS);
            if (!ready.equals("READY")) {
                throw new IOException("IRC server: " + ready);
            }
            long cpu = processCpuNanos();
            // In a room each message is also reflected to its sender (XEP-0045 section 7.4): the round ends when
            // the IRC server counted every PRIVMSG and the XMPP driver every reflection, so no work of this round
            // spills into the next one (which would count these reflections as its own messages).
            String sent = xmpp.ask("SEND " + messages + (channels ? " reflected" : ""));
            if (channels && !sent.contains(" errors=0 ")) {
                // An error stanza instead of a reflection: the gateway refused a message (e.g. its bounded IRC
                // send queue was full), so the IRC server will never count them all; fail now, not at its timeout.
                throw new IOException("XMPP -> IRC messages refused by the gateway: " + sent);
            }
            String received = irc.next();
            long flushNanos = flushHistory();
            long used = processCpuNanos() - cpu;
            if (received.contains("incomplete")) {
                throw new IOException("XMPP -> IRC run failed: " + received);
            }
            long nanos = ChildDriver.field(received, "nanos");
            if (channels) {
                if (sent.contains("incomplete") || !sent.contains(" errors=0 ")) {
                    throw new IOException("XMPP -> IRC reflections incomplete: " + sent);
                }
                nanos = Math.max(nanos, ChildDriver.field(sent, "reflectedNanos"));
            }
            return new Round(messages, nanos + flushNanos, used);
        }

        /** With {@code --history=alternate}: turns the room history on or off for the next rounds. */
        void history(boolean on) {
            history.on(on);
        }

        /**
         * With {@code --history=alternate}, waits until the write-behind stored what the round appended and returns
         * how long that took (added to the round, so the writer's work counts where it was caused); else 0.
         */
        private long flushHistory() {
            if (history == null) {
                return 0;
            }
            long start = System.nanoTime();
            history.flush();
            return System.nanoTime() - start;
        }

        @Override
        public void close() {
            component.close();
            link.close();
            xmpp.close();
            irc.close();
        }
    }

    /**
     * The IRC bridge, built here with the gateway's own connector ({@link PircIrcConnector} for the allow-listed
     * servers): the bridge's {@code ServiceLoader} default does not reach any server until the connector is wired
     * into it. Configured with one allow-listed plaintext server on loopback without throttling (THREATS C4:
     * plaintext is an explicit choice; I5: throttling off only for a server the operator runs).
     */
    static Bridge ircBridge(int port) {
        Bridge bridge = new IrcBridge(settings -> new PircIrcConnector(Set.copyOf(settings.servers().values())),
                ReconnectScheduler.virtualThreads(), Clock.systemUTC(), SplittableRandom::new);
        String toml = """
                [irc]
                [irc-servers.bench]
                host = "%s"
                port = %d
                tls = false
                allow-plaintext = true
                line-interval = 0
                max-connections = 100000
                """.formatted(IRC_HOST, port);
        Config config = ConfigLoader.parse(toml, Schema.of(bridge.configSections()));
        bridge.configure(config);
        return bridge;
    }

    /** The {@link RelayXmppDriver} child process. */
    static ChildDriver startXmppDriver(int users, boolean channels) throws IOException {
        return ChildDriver.start("relay XMPP driver",
                List.of("-Xmx1g", "-Drelay.dump=" + Boolean.getBoolean("relay.dump")), RelayXmppDriver.class,
                List.of(DOMAIN, SECRET, Integer.toString(users), IRC_HOST, channels ? "channel" : "private",
                        Long.toString(TIMEOUT_SECONDS)));
    }
}
