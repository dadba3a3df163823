package im.switchboard.irc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback listener that counts the connections it accepts and closes each at once. A test points a
 * refused address at it and asserts afterwards that nothing connected (threat I4: a server outside the
 * allow-list must be refused before any connection attempt).
 */
public final class CanaryServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepts = new AtomicInteger();
    private final Thread acceptor;

    /** Opens a canary on an ephemeral port of 127.0.0.1 (same as {@link #start()}). */
    public CanaryServer() {
        this(openLoopback());
    }

    private CanaryServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = Thread.ofVirtual().name("canary-" + socket.getLocalPort()).start(this::acceptLoop);
    }

    /** Opens a canary on an ephemeral port of 127.0.0.1. */
    public static CanaryServer start() {
        return new CanaryServer(openLoopback());
    }

    private static ServerSocket openLoopback() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the canary listener", e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    /** How many connections it has accepted so far. */
    public int accepts() {
        return accepts.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket ignored = socket.accept()) {
                accepts.incrementAndGet();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // A failed accept is still not a successful connection: keep listening.
                continue;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
