package im.switchboard.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free TCP ports on {@code 127.0.0.1} for a server this JVM starts as a child process.
 *
 * <p>The ports are chosen below the kernel's ephemeral range ({@code ip_local_port_range}) when possible:
 * a fixture that restarts its server on the same port must not find it taken by an outgoing connection that
 * the kernel happened to bind to that local port while the server was down.
 */
final class LoopbackPorts {

    private static final Path LOCAL_PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;

    private LoopbackPorts() {
    }

    /** Returns a port on 127.0.0.1 that was free a moment ago (nobody can promise more). */
    static int freePort() {
        int ephemeralLow = ephemeralRangeStart();
        if (ephemeralLow > LOWEST + 1000) {
            for (int i = 0; i < ATTEMPTS; i++) {
                int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralLow);
                if (isFree(candidate)) {
                    return candidate;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** {@code 127.0.0.1} itself, never whatever {@code localhost} resolves to. */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal IPv4 address cannot be unknown", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            String[] range = Files.readString(LOCAL_PORT_RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
