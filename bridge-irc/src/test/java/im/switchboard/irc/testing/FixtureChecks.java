package im.switchboard.irc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** Checks that every IRC server fixture must pass, shared by the fixtures' integration tests. */
final class FixtureChecks {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private FixtureChecks() {
    }

    /** Two raw clients join a channel and exchange a channel message and a private message. */
    static void twoClientsTalkInAChannel(IrcServerProcess server, String prefix) {
        String channel = "#" + prefix + "room";
        try (RawIrcClient alice = RawIrcClient.connect(server.host(), server.plainPort(), prefix + "alice");
                RawIrcClient bob = RawIrcClient.connect(server.host(), server.plainPort(), prefix + "bob")) {
            alice.send("JOIN " + channel);
            alice.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
            alice.clearReceived();
            bob.send("JOIN " + channel);
            bob.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
            alice.awaitLine(line -> line.startsWith(":" + prefix + "bob!") && line.contains("JOIN"), WAIT);
            bob.send("PRIVMSG " + channel + " :h\u00e9llo \uD83D\uDE00 from bob");
            String relayed = alice.awaitLine(line -> RawIrcClient.hasCommand(line, "PRIVMSG"), WAIT);
            assertTrue(relayed.startsWith(":" + prefix + "bob!"), relayed);
            assertTrue(relayed.endsWith("PRIVMSG " + channel + " :h\u00e9llo \uD83D\uDE00 from bob"), relayed);
            alice.send("PRIVMSG " + prefix + "bob :just for you");
            String direct = bob.awaitLine(line -> line.endsWith("PRIVMSG " + prefix + "bob :just for you"), WAIT);
            assertTrue(direct.startsWith(":" + prefix + "alice!"), direct);
        }
    }

    /** TLS registers with the test CA's context and fails the handshake with the JVM's default trust. */
    static void tlsWithAndWithoutCa(IrcServerProcess server) {
        assertTrue(server.tlsPort() > 0, "built without TLS");
        try (RawIrcClient secure = RawIrcClient.connectTls("localhost", server.tlsPort(), "tlsuser",
                TestCa.get().clientContext())) {
            assertEquals("tlsuser", secure.nick());
        }
        try (RawIrcClient byAddress = RawIrcClient.connectTls(server.host(), server.tlsPort(), "tlsip",
                TestCa.get().clientContext())) {
            assertEquals("tlsip", byAddress.nick());
        }
        UncheckedIOException untrusted = assertThrows(UncheckedIOException.class, () -> RawIrcClient
                .connectTls(server.host(), server.tlsPort(), "tlsnoca", defaultContext()).close());
        assertInstanceOf(SSLException.class, untrusted.getCause(), untrusted.toString());
    }

    /** {@code count} clients from 127.0.0.1 register at once (the flood settings let a test do that). */
    static void manyClients(IrcServerProcess server, String prefix, int count) {
        List<RawIrcClient> clients = new ArrayList<>();
        try {
            // In parallel: InspIRCd completes a registration on its one-second timer, so one by one is slow.
            List<Future<RawIrcClient>> connecting = new ArrayList<>();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < count; i++) {
                    String nick = prefix + i;
                    connecting.add(executor.submit(() -> RawIrcClient.connect(server.host(), server.plainPort(),
                            nick)));
                }
            }
            for (Future<RawIrcClient> future : connecting) {
                clients.add(joined(future));
            }
            for (RawIrcClient client : clients) {
                client.send("JOIN #" + prefix);
            }
            for (RawIrcClient client : clients) {
                client.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
            }
        } finally {
            clients.forEach(RawIrcClient::close);
        }
    }

    private static RawIrcClient joined(Future<RawIrcClient> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new AssertionError("a client could not register", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** stop, start, kill, start: connected clients are dropped, the port is refused, then served again. */
    static void restarts(IrcServerProcess server) {
        int port = server.plainPort();
        RawIrcClient before = RawIrcClient.connect(server.host(), port, "before");
        server.stop();
        before.awaitClosed(WAIT);
        assertRefused(port);
        server.start();
        assertEquals(port, server.plainPort());
        RawIrcClient afterStop = RawIrcClient.connect(server.host(), port, "afterstop");
        server.kill();
        afterStop.awaitClosed(WAIT);
        assertRefused(port);
        server.start();
        try (RawIrcClient afterKill = RawIrcClient.connect(server.host(), port, "afterkill")) {
            assertEquals("afterkill", afterKill.nick());
        } finally {
            before.close();
            afterStop.close();
        }
    }

    static void assertRefused(int port) {
        IOException failure = assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
            }
        });
        assertInstanceOf(ConnectException.class, failure, failure.toString());
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
