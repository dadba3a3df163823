package im.switchboard.benchmark.irc;

import im.switchboard.benchmark.ChildDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code N} IRC connections take to register and join a channel each, and how much memory each one
 * costs, measured in a fresh child JVM per round ({@link IrcConnectionsRound}) against a server in yet another
 * process ({@link LoadIrcServer}, or ngircd). Every round checks that EVERY connection joined, on the client
 * side and (for the load server) on the server side; a round where one did not fails the run and names the
 * stuck connections.
 *
 * <p>Usage: {@code IrcConnectionsBenchmark [N [ROUNDS]] [--client=connector|pircbotx|pircbotx-untuned|raw]
 * [--server=load|ngircd|ngircd-nopenalty] [--channels=own|shared] [--timeout=SECONDS] [--xmx=1g]
 * [--max-connecting=K]} (defaults 1000, 3, connector, load, own, 60, 1g, unbounded). {@code --max-connecting}
 * bounds how many connections are between TCP connect and RPL_WELCOME at once. The driver's ceiling is the {@code raw} client, measured in
 * the same run unless the client already is raw.
 */
public final class IrcConnectionsBenchmark {

    private record Round(boolean all, int joined, int registered, int failed, long nanos, long rss, long rssDelta,
            long heapDelta, String serverStatus, String stuck, String firstFailure) {

        double seconds() {
            return nanos / 1e9;
        }
    }

    private IrcConnectionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        String client = "connector";
        String server = "load";
        String channels = "own";
        String xmx = "1g";
        long timeout = 60;
        int maxConnecting = Integer.MAX_VALUE;
        for (String arg : args) {
            if (arg.startsWith("--client=")) {
                client = arg.substring(9);
            } else if (arg.startsWith("--server=")) {
                server = arg.substring(9);
            } else if (arg.startsWith("--channels=")) {
                channels = arg.substring(11);
            } else if (arg.startsWith("--timeout=")) {
                timeout = Long.parseLong(arg.substring(10));
            } else if (arg.startsWith("--max-connecting=")) {
                maxConnecting = Integer.parseInt(arg.substring(17));
            } else if (arg.startsWith("--xmx=")) {
                xmx = arg.substring(6);
            } else {
                positional.add(arg);
            }
        }
        int n = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 1000;
        int rounds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 3;
        System.out.printf(Locale.ROOT, "irc-connections benchmark: %d connections, %d rounds, client %s, server %s,"
                        + " channels %s, child -Xmx%s, %d cores, Java %s%n", n, rounds, client, server, channels, xmx,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        boolean ok = true;
        List<Round> measured = new ArrayList<>();
        List<Round> ceiling = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Round m = round(server, client, n, channels, timeout, xmx, maxConnecting);
            print(r, client, n, m);
            measured.add(m);
            ok &= m.all();
            if (!client.equals("raw")) {
                Round c = round(server, "raw", n, channels, timeout, xmx, maxConnecting);
                print(r, "raw", n, c);
                ceiling.add(c);
                ok &= c.all();
            }
        }
        summary(client, n, measured);
        if (!ceiling.isEmpty()) {
            summary("raw (driver ceiling)", n, ceiling);
        }
        if (!ok) {
            System.out.println("FAILED: not every connection joined in every round (see the stuck lists above)");
            System.exit(1);
        }
    }

    private static void print(int r, String client, int n, Round m) {
        System.out.printf(Locale.ROOT, "round %d %-16s joined %d/%d (registered %d, failed %d) in %.3f s;"
                        + " RSS %.1f MiB, %.1f KiB/connection; heap %.1f KiB/connection; server: %s%n",
                r, client, m.joined(), n, m.registered(), m.failed(), m.seconds(), m.rss() / 1048576.0,
                m.rssDelta() / 1024.0 / n, m.heapDelta() / 1024.0 / n, m.serverStatus());
        if (!m.all()) {
            System.out.println("  stuck (registered, not joined): " + m.stuck() + "; first failure: "
                    + m.firstFailure());
        }
    }

    private static void summary(String client, int n, List<Round> rounds) {
        Round time = median(rounds, (a, b) -> Long.compare(a.nanos(), b.nanos()));
        Round rss = median(rounds, (a, b) -> Long.compare(a.rssDelta(), b.rssDelta()));
        Round heap = median(rounds, (a, b) -> Long.compare(a.heapDelta(), b.heapDelta()));
        System.out.printf(Locale.ROOT, "MEDIAN %s: %d joined in %.3f s; %.1f KiB RSS and %.1f KiB heap per"
                        + " connection; RSS %.1f MiB%n", client, time.joined(), time.seconds(),
                rss.rssDelta() / 1024.0 / n,
                heap.heapDelta() / 1024.0 / n, rss.rss() / 1048576.0);
    }

    private static Round median(List<Round> rounds, java.util.Comparator<Round> order) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort(order);
        return sorted.get(sorted.size() / 2);
    }

    private static Round round(String serverKind, String client, int n, String channels, long timeout, String xmx,
            int maxConnecting) throws Exception {
        try (IrcServerUnderTest server = startServer(serverKind)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + xmx));
            // -Dconnections.jvmArgs="-XX:StartFlightRecording=..." profiles the round child (space-separated).
            String extra = System.getProperty("connections.jvmArgs", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split(" +")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    IrcConnectionsRound.class.getName(), server.host(), Integer.toString(server.port()),
                    Integer.toString(n), client, channels, Long.toString(timeout), Integer.toString(maxConnecting)));
            Process child = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                if (line == null || !line.startsWith("RESULT ")) {
                    throw new IOException("round child failed: " + line);
                }
                String status = server.status();
                if (server instanceof NgircdServer ngircd) {
                    status = "ngircd log " + Files.size(ngircd.log()) + " bytes";
                }
                Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
                in.write("CLOSE\n");
                in.flush();
                Round round = new Round(Boolean.parseBoolean(word(line, "all")), (int) num(line, "joined"),
                        (int) num(line, "registered"), (int) num(line, "failed"), num(line, "nanos"),
                        num(line, "rss"), num(line, "rssDelta"), num(line, "heapDelta"), status, word(line, "stuck"),
                        word(line, "firstFailure"));
                boolean serverAgrees = !(server instanceof LoadIrcServerProcess)
                        || (ChildDriver.field(status, "registered") >= n
                        && ChildDriver.field(status, "joined") >= n);
                if (!serverAgrees) {
                    System.out.println("  the server does not count every connection as joined: " + status);
                    return new Round(false, round.joined(), round.registered(), round.failed(), round.nanos(),
                            round.rss(), round.rssDelta(), round.heapDelta(), status, round.stuck(),
                            round.firstFailure());
                }
                return round;
            } finally {
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static IrcServerUnderTest startServer(String kind) throws IOException, InterruptedException {
        return switch (kind) {
            case "load" -> LoadIrcServerProcess.start();
            case "ngircd" -> NgircdServer.start(true);
            case "ngircd-nopenalty" -> NgircdServer.start(false);
            default -> throw new IllegalArgumentException("unknown server " + kind);
        };
    }

    private static String word(String line, String key) {
        int at = line.indexOf(" " + key + "=");
        if (at < 0) {
            return "";
        }
        int from = at + key.length() + 2;
        int to = line.indexOf(' ', from);
        return line.substring(from, to < 0 ? line.length() : to);
    }

    private static long num(String line, String key) {
        return Long.parseLong(word(line, key));
    }
}
