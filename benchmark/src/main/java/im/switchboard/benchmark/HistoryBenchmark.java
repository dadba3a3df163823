package im.switchboard.benchmark;

import com.sun.management.OperatingSystemMXBean;
import im.switchboard.core.history.H2RoomHistory;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistorySettings;
import im.switchboard.core.history.NoRoomHistory;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * What the room history costs the relay: {@code append} calls from relay threads into a no-op history and into
 * {@link H2RoomHistory} (write-behind into an encrypted H2 file in a temporary directory, default settings), the
 * same entries over 50 users x 10 rooms. For each it prints the rate the callers see, and for the H2 history the
 * rate until everything is stored (the writer's sustained rate) and the process CPU per append, writer included,
 * next to the no-op's: the difference is what history adds to each relayed message.
 *
 * <p>Usage: {@code HistoryBenchmark [APPENDS [THREADS [ROUNDS [RATE [PER_ROOM]]]]]} (defaults 1000000, 2, 5, 0,
 * 100); medians of
 * the rounds. RATE 0 appends as fast as the callers can (a burst: the writer then gets very large batches and the
 * stored rate is its throughput); a RATE in appends per second paces the callers as a relay at that rate would,
 * so the CPU per append is what history adds at that relay rate (batches of one flush interval). The pending
 * buffer is made large enough for a whole round, so that nothing is dropped.
 */
public final class HistoryBenchmark {

    private static final int USERS = 50;
    private static final int ROOMS = 10;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Round(long appends, long appendNanos, long storedNanos, long cpuNanos, long dropped) {

        double appendRate() {
            return appends * 1e9 / appendNanos;
        }

        double storedRate() {
            return appends * 1e9 / storedNanos;
        }

        double cpuMicrosPerAppend() {
            return cpuNanos / 1e3 / appends;
        }
    }

    /** The retention per (user, room); the default's unless PER_ROOM is given. */
    private static int perRoom;

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int appends = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        perRoom = args.length > 4 ? Integer.parseInt(args[4]) : HistorySettings.DEFAULT.perRoom();
        System.out.printf(Locale.ROOT, "history benchmark: %d appends, %d thread(s), %d rounds, %s, %d users x %d "
                + "rooms, %d cores, Java %s%n", appends, threads, rounds, rate == 0 ? "burst" : rate + " appends/s",
                USERS, ROOMS, Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<HistoryEntry> entries = entries();
        MasterKey key = MasterKey.generate();
        // Untimed warm-up, so that the JIT has compiled both paths.
        round(null, key, entries, appends, threads, rate);
        round(NoRoomHistory.INSTANCE, key, entries, appends, threads, rate);
        List<Round> noop = new ArrayList<>();
        List<Round> h2 = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Round n = round(NoRoomHistory.INSTANCE, key, entries, appends, threads, rate);
            noop.add(n);
            print("no-op", r, n);
            Round h = round(null, key, entries, appends, threads, rate);
            h2.add(h);
            print("h2", r, h);
        }
        double noopRate = median(noop, Round::appendRate);
        double noopCpu = median(noop, Round::cpuMicrosPerAppend);
        double h2Rate = median(h2, Round::appendRate);
        double h2Cpu = median(h2, Round::cpuMicrosPerAppend);
        System.out.printf(Locale.ROOT, "MEDIAN no-op: %,.0f appends/s, %.3f us CPU per append%n", noopRate, noopCpu);
        System.out.printf(Locale.ROOT, "MEDIAN h2:    %,.0f appends/s (callers), %,.0f stored/s (writer), "
                + "%.3f us CPU per append, %.0f dropped%n", h2Rate, median(h2, Round::storedRate), h2Cpu,
                median(h2, r -> (double) r.dropped()));
        System.out.printf(Locale.ROOT, "history cost per relayed message: %.3f us CPU (%.3f us in the caller)%n",
                h2Cpu - noopCpu, 1e6 / h2Rate - 1e6 / noopRate);
    }

    private static List<HistoryEntry> entries() {
        List<HistoryEntry> entries = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 4096; i++) {
            entries.add(new HistoryEntry("nick" + (i % 37), "message " + i + " with about eighty characters of "
                    + "text, as an IRC line usually has", start.plusMillis(i), Optional.of("msgid-" + i)));
        }
        return entries;
    }

    /** One round into {@code history}, or into a fresh H2 history when null. */
    private static Round round(RoomHistory given, MasterKey key, List<HistoryEntry> entries, int appends,
            int threads, int rate) throws Exception {
        Path dir = given == null ? Files.createTempDirectory("history-bench") : null;
        H2RoomHistory h2 = dir == null ? null : H2RoomHistory.open(dir.resolve("history.mv.db"), key,
                HistorySettings.DEFAULT.withPendingCapacity(Math.max(appends, 100)).withPerRoom(perRoom));
        RoomHistory history = h2 != null ? h2 : given;
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            int each = appends / threads;
            for (int t = 0; t < threads; t++) {
                int offset = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(go);
                    long begin = System.nanoTime();
                    for (int i = 0; i < each; i++) {
                        if (rate > 0 && i % 100 == 0) {
                            // Pace as a relay at RATE would: this thread's share, checked every 100 appends.
                            long due = begin + (long) (i * 1e9 * threads / rate);
                            long early = due - System.nanoTime();
                            if (early > 0) {
                                LockSupport.parkNanos(early);
                            }
                        }
                        int n = i * threads + offset;
                        history.append("user" + (n % USERS) + "@bench.example",
                                "#room" + (n / USERS % ROOMS) + "%irc.bench.example@irc.bench.example",
                                entries.get(n & 4095));
                    }
                }));
            }
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            long appended = System.nanoTime();
            if (h2 != null) {
                h2.flush();
            }
            long stored = System.nanoTime();
            long cpu = OS.getProcessCpuTime() - cpu0;
            return new Round((long) each * threads, appended - t0, stored - t0, cpu,
                    h2 == null ? 0 : h2.droppedForStorage());
        } finally {
            if (h2 != null) {
                h2.close();
                delete(dir);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void print(String what, int round, Round r) {
        System.out.printf(Locale.ROOT, "round %d %-6s %,12.0f appends/s  %,10.0f stored/s  %7.3f us CPU per append"
                + "  (%d in %.3f s)%n", round, what, r.appendRate(), r.storedRate(), r.cpuMicrosPerAppend(),
                r.appends(), Duration.ofNanos(r.storedNanos()).toMillis() / 1e3);
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }
}
