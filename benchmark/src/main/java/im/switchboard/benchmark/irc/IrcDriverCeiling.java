package im.switchboard.benchmark.irc;

import im.switchboard.benchmark.ChildDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The IRC driver's own ceiling, measured the way the relay benchmark measures the gateway: {@link RawBenchClient}
 * connections (one per user, each joined to its channel) receive the same blast (messages/s counted as they
 * arrive), and send PRIVMSGs that the {@link LoadIrcServer} counts.
 */
public final class IrcDriverCeiling {

    /** Median rates of the driver against the raw client. */
    public record Result(double blastRate, double receiveRate) {
    }

    private IrcDriverCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Result r = measure(messages, users, rounds);
        System.out.printf(Locale.ROOT, "IRC driver ceiling, %d messages, %d user(s): blast %,.0f msg/s,"
                + " receive %,.0f msg/s%n", messages, users, r.blastRate(), r.receiveRate());
    }

    public static Result measure(int messages, int users, int rounds) throws IOException, InterruptedException {
        List<Double> blast = new ArrayList<>();
        List<Double> receive = new ArrayList<>();
        try (LoadIrcServerProcess server = LoadIrcServerProcess.start(); RawBenchClient client = new RawBenchClient()) {
            JoinTracker tracker = new JoinTracker(users);
            for (int u = 0; u < users; u++) {
                client.start(server.host(), server.port(), "raw" + u, "#bench" + u, tracker);
            }
            if (!tracker.awaitAllJoined(60, TimeUnit.SECONDS)) {
                throw new IOException("raw clients did not all join: " + tracker.joinedCount() + ", failed "
                        + tracker.failedCount() + ": " + tracker.failureExample());
            }
            for (int r = 0; r < rounds + 2; r++) {
                CountDownLatch got = tracker.expectMessages(messages);
                long start = System.nanoTime();
                server.ask("BLAST " + messages);
                if (!got.await(300, TimeUnit.SECONDS)) {
                    throw new IOException("raw clients did not receive the blast");
                }
                double blastRate = messages * 1e9 / (System.nanoTime() - start);
                long perUser = messages / users;
                String ready = server.ask("EXPECT " + perUser * users + " 300");
                if (!ready.equals("READY")) {
                    throw new IOException("IRC server: " + ready);
                }
                client.sendMessages("#bench", perUser);
                String received = server.next();
                if (received.contains("incomplete")) {
                    throw new IOException("the IRC server did not count every message: " + received);
                }
                double receiveRate = perUser * users * 1e9 / ChildDriver.field(received, "nanos");
                if (r >= 2) {
                    blast.add(blastRate);
                    receive.add(receiveRate);
                }
            }
        }
        blast.sort(null);
        receive.sort(null);
        return new Result(blast.get(blast.size() / 2), receive.get(receive.size() / 2));
    }
}
