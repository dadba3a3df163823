package im.switchboard.benchmark.irc;

import im.switchboard.irc.connection.IrcConnectorSettings;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.irc.connection.PircIrcConnector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * One round of {@link IrcConnectionsBenchmark}, in a fresh child JVM so that its resident set starts clean:
 * measures RSS and heap after GC, opens {@code N} connections at once (each on its own virtual thread), waits
 * until every one has joined its channel (or the deadline), measures again after GC, prints one
 * {@code RESULT ...} line, then waits for {@code CLOSE} on stdin (so the parent can ask the server for its
 * view first) and disconnects.
 *
 * <p>Usage: {@code IrcConnectionsRound HOST PORT N CLIENT CHANNELS TIMEOUT_SECONDS [MAX_CONNECTING]} where CLIENT is
 * {@code connector} (the gateway's
 * {@code PircIrcConnector}), {@code raw}, {@code pircbotx} or {@code pircbotx-untuned}, and CHANNELS is {@code own}
 * (channel {@code #bench<i>} per connection) or {@code shared} (all in {@code #bench}); MAX_CONNECTING bounds the connections between
 * TCP connect and RPL_WELCOME (unbounded by default).
 */
public final class IrcConnectionsRound {

    private IrcConnectionsRound() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        String kind = args[3];
        boolean shared = args[4].equals("shared");
        long timeoutSeconds = Long.parseLong(args[5]);
        int maxConnecting = args.length > 6 ? Integer.parseInt(args[6]) : Integer.MAX_VALUE;
        // Warm-up outside the measurement: classes loaded, code compiled once, so that their memory is not
        // counted as the connections'.
        int warm = Math.min(50, n);
        BenchClient warmClient = client(kind);
        JoinTracker warmTracker = new JoinTracker(warm, maxConnecting);
        for (int i = 0; i < warm; i++) {
            warmTracker.beforeConnect();
            warmClient.start(host, port, "w" + i, "#warm" + i, warmTracker);
        }
        warmTracker.awaitAllJoined(timeoutSeconds, TimeUnit.SECONDS);
        warmClient.close();
        BenchClient client = client(kind);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        settle();
        long rssBefore = rssBytes();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        JoinTracker tracker = new JoinTracker(n, maxConnecting);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tracker.beforeConnect();
            client.start(host, port, "b" + i, shared ? "#bench" : "#bench" + i, tracker);
        }
        boolean all = tracker.awaitAllJoined(timeoutSeconds, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - start;
        settle();
        long rssAfter = rssBytes();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        List<String> stuck = new ArrayList<>(tracker.stuck());
        stuck.sort(null);
        System.out.printf(Locale.ROOT, "RESULT all=%s joined=%d registered=%d failed=%d nanos=%d rss=%d rssDelta=%d"
                        + " heapDelta=%d threads=%d stuck=%s firstFailure=%s%n",
                all, tracker.joinedCount(), tracker.registeredCount(), tracker.failedCount(), nanos, rssAfter,
                rssAfter - rssBefore, heapAfter - heapBefore, Thread.activeCount(),
                stuck.subList(0, Math.min(10, stuck.size())).toString().replace(' ', '_'),
                tracker.failureExample().replace(' ', '_'));
        System.out.flush();
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        control.readLine();
        client.close();
        System.exit(0);
    }

    static BenchClient client(String kind) {
        return switch (kind) {
            case "raw" -> new RawBenchClient();
            case "pircbotx" -> new PircBotXBenchClient(true);
            case "pircbotx-untuned" -> new PircBotXBenchClient(false);
            case "connector" -> new ConnectorBenchClient(port -> connector(port));
            default -> throw new IllegalArgumentException("unknown client " + kind);
        };
    }

    /**
     * The gateway's connector with its default settings; {@code -Dconnector.maxRegistrations=K} (through
     * {@code -Dconnections.jvmArgs}) overrides the registrations in flight per server, for experiments.
     */
    private static PircIrcConnector connector(int port) {
        Set<IrcServerPolicy> servers = Set.of(ConnectorBenchClient.policy("127.0.0.1", port));
        Integer max = Integer.getInteger("connector.maxRegistrations");
        if (max == null) {
            return new PircIrcConnector(servers);
        }
        try {
            return new PircIrcConnector(servers, SSLContext.getDefault(),
                    IrcConnectorSettings.defaults().withMaxConcurrentRegistrations(max));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Full collections until the heap stops shrinking, so that what is left is live data. */
    static void settle() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous - (previous >> 6)) {
                return;
            }
            previous = used;
        }
    }

    /** The resident set size of this process ({@code VmRSS} in {@code /proc/self/status}). */
    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                String kib = line.substring(6).trim().split("\\s+")[0];
                return Long.parseLong(kib) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
