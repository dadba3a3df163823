package im.switchboard.benchmark.irc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ngircd (Debian package {@code ngircd}) on loopback with a private configuration in a temporary directory,
 * in the foreground ({@code -n}), its log in {@code ngircd.log} there. A minimal launcher of the benchmark's
 * own: benchmark code does not depend on test jars at run time.
 *
 * <p>The configuration lifts the limits that a benchmark from one address would hit:
 * {@code MaxConnectionsIP} (default 5 per address), {@code MaxJoins}; {@code penalties} chooses whether
 * ngircd's per-client command penalties stay on ({@code MaxPenaltyTime = -1}, the default) or are off (0).
 */
public final class NgircdServer implements IrcServerUnderTest {

    private static final Path BINARY = Path.of("/usr/sbin/ngircd");

    private final Process process;
    private final Path dir;
    private final int port;

    private NgircdServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static NgircdServer start(boolean penalties) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException(BINARY + " is missing: apt-get install ngircd");
        }
        Path dir = Files.createTempDirectory("bench-ngircd");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path motd = dir.resolve("motd");
        Files.writeString(motd, "benchmark\n");
        Path conf = dir.resolve("ngircd.conf");
        Files.writeString(conf, """
                [Global]
                Name = irc.bench.local
                Info = benchmark server
                Listen = 127.0.0.1
                Ports = %d
                MotdFile = %s
                PidFile = %s
                [Limits]
                MaxConnections = 0
                MaxConnectionsIP = 0
                MaxJoins = 0
                MaxNickLength = 30
                MaxPenaltyTime = %d
                PingTimeout = 300
                PongTimeout = 120
                [Options]
                DNS = no
                Ident = no
                PAM = no
                """.formatted(port, motd, dir.resolve("ngircd.pid"), penalties ? -1 : 0), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(BINARY.toString(), "-n", "-f", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ngircd.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                break;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("ngircd did not listen on " + port + "; see " + dir.resolve("ngircd.log"));
                }
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        return new NgircdServer(process, dir, port);
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String status() {
        return "";
    }

    public Path log() {
        return dir.resolve("ngircd.log");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
