package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.testing.CanaryServer;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.RawIrcClient;
import im.switchboard.irc.testing.TestCa;
import im.switchboard.irc.text.IrcDecoding;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/** The checks both real servers (ngircd, InspIRCd) must pass; each IT calls them with its server. */
final class ConnectionChecks {

    static final Duration WAIT = Duration.ofSeconds(10);

    private ConnectionChecks() {
    }

    /** Resolves {@code localhost} and {@code irc.test} to 127.0.0.1 only (the fixtures listen there). */
    static HostResolver loopback() {
        Map<String, String> table = Map.of("localhost", "127.0.0.1", "irc.test", "127.0.0.1");
        return host -> {
            String literal = table.get(host);
            if (literal == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(literal)};
        };
    }

    static IrcServerPolicy plain(IrcServerProcess server, int burst, Duration interval, int max) {
        return new IrcServerPolicy("localhost", server.plainPort(), false, Optional.empty(), burst, interval, max);
    }

    static PircIrcConnector connector(Set<IrcServerPolicy> policies, SSLContext tls) {
        return new PircIrcConnector(policies, tls,
                PircIrcConnectionTest.loopbackAllowed(IrcConnectorSettings.defaults()), loopback(), new IrcDecoding());
    }

    static IrcConnectRequest request(IrcServerPolicy policy, String nick) {
        return new IrcConnectRequest(nick + "@montague.lit", policy, nick, nick, "Switchboard test " + nick,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A connection to {@code server}'s plain port as {@code nick}, not opened yet (a burst of 10, no pacing). */
    static IrcConnection unopened(IrcServerProcess server, String nick) throws Exception {
        IrcServerPolicy policy = plain(server, 10, Duration.ZERO, 5);
        return connector(Set.of(policy), TestCa.get().clientContext()).create(request(policy, nick));
    }

    /** Registers, reports 005 and caps, joins, and 40 throttled lines reach a raw client in order. */
    static void registersAndSendsInOrder(IrcServerProcess server, String prefix) throws Exception {
        IrcServerPolicy policy = plain(server, 4, Duration.ofMillis(15), 5);
        PircIrcConnector connector = connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection connection = connector.create(request(policy, prefix + "gw"));
        RecordingListener listener = new RecordingListener();
        String channel = "#" + prefix + "order";
        try (RawIrcClient raw = RawIrcClient.connect(server.host(), server.plainPort(), prefix + "raw")) {
            connection.open(listener);
            assertTrue(connection.isOpen());
            assertEquals(prefix + "gw", connection.nick());
            IrcMessage welcome = listener.await(m -> m.command().equals("001"), WAIT);
            assertEquals(server.serverName(), welcome.source().orElseThrow().name());
            listener.await(m -> m.command().equals("005"), WAIT);
            assertFalse(connection.features().isupport().isEmpty(), "ISUPPORT tokens are reported");
            assertTrue(connection.features().has("multi-prefix"), "caps: " + connection.features().caps());

            raw.send("JOIN " + channel);
            raw.awaitLine(l -> RawIrcClient.hasCommand(l, "366"), WAIT);
            connection.send(IrcMessage.of("JOIN", channel));
            raw.awaitLine(l -> RawIrcClient.hasCommand(l, "JOIN") && l.startsWith(":" + prefix + "gw!"), WAIT);
            for (int i = 0; i < 40; i++) {
                connection.send(IrcMessage.of("PRIVMSG", channel, "ordered " + i));
            }
            raw.awaitLine(l -> l.endsWith(" PRIVMSG " + channel + " :ordered 39"), WAIT);
            List<String> got = raw.received().stream().filter(l -> l.contains(" PRIVMSG " + channel + " :ordered "))
                    .map(l -> l.substring(l.lastIndexOf(':') + 1)).toList();
            assertEquals(java.util.stream.IntStream.range(0, 40).mapToObj(i -> "ordered " + i).toList(), got,
                    "every line, once, in order");
            raw.send("PRIVMSG " + channel + " :from raw \u00e9\uD83D\uDE00");
            IrcMessage relayed = listener.await(m -> m.command().equals("PRIVMSG")
                    && m.source().orElseThrow().name().equals(prefix + "raw"), WAIT);
            assertEquals("from raw \u00e9\uD83D\uDE00", relayed.params().get(1));
        } finally {
            connection.close("bye");
        }
        assertEquals(0, connector.connections(policy));
    }

    /** I1: CR, LF and NUL in every parameter produce exactly one line, or nothing, on the raw client's side. */
    static void injectionGivesOneLine(IrcServerProcess server, String prefix) throws Exception {
        IrcServerPolicy policy = plain(server, 10, Duration.ZERO, 5);
        PircIrcConnector connector = connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection connection = connector.create(request(policy, prefix + "inj"));
        String channel = "#" + prefix + "inject";
        try (RawIrcClient raw = RawIrcClient.connect(server.host(), server.plainPort(), prefix + "watch")) {
            RecordingListener listener = new RecordingListener();
            connection.open(listener);
            // The connection creates the channel, so it is operator and may set the topic.
            connection.send(IrcMessage.of("JOIN", channel));
            listener.await(m -> m.command().equals("366"), WAIT);
            raw.send("JOIN " + channel);
            raw.awaitLine(l -> RawIrcClient.hasCommand(l, "366"), WAIT);
            raw.clearReceived();
            String evil = "a\r\nJOIN #evil\rPART " + channel + "\nQUIT :x\0NICK y\u2028z";
            connection.send(IrcMessage.of("PRIVMSG", channel, evil));
            connection.send(IrcMessage.of("NOTICE", channel, evil));
            connection.send(IrcMessage.of("TOPIC", channel, evil));
            for (IrcMessage bad : List.of(IrcMessage.of("PRIVMSG", channel + "\r\nJOIN #evil", "x"),
                    IrcMessage.of("KICK", channel, "x\nQUIT", "r"), IrcMessage.of("MODE", channel, "+o\0", "x"))) {
                assertThrows(IllegalArgumentException.class, () -> connection.send(bad));
            }
            connection.send(IrcMessage.of("PRIVMSG", channel, "end marker"));
            raw.awaitLine(l -> l.endsWith(":end marker"), WAIT);
            List<String> seen = raw.received().stream().filter(l -> l.startsWith(":" + prefix + "inj!")).toList();
            assertEquals(4, seen.size(), () -> "exactly one line each: " + seen);
            assertTrue(seen.get(0).contains(" PRIVMSG " + channel + " :a JOIN #evil PART "), seen.get(0));
            assertTrue(seen.get(1).contains(" NOTICE "), seen.get(1));
            assertTrue(seen.get(2).contains(" TOPIC "), seen.get(2));
            assertTrue(seen.stream().noneMatch(l -> RawIrcClient.hasCommand(l, "PART")
                    || RawIrcClient.hasCommand(l, "QUIT") || RawIrcClient.hasCommand(l, "NICK")), seen::toString);
        } finally {
            connection.close("bye");
        }
    }

    /** TLS with the test CA works; the JDK's trust store refuses the test certificate; a wrong host name fails. */
    static void tls(IrcServerProcess server, String prefix) throws Exception {
        IrcServerPolicy good = new IrcServerPolicy("localhost", server.tlsPort(), true, Optional.empty(), 5,
                Duration.ZERO, 5);
        IrcServerPolicy wrongName = new IrcServerPolicy("irc.test", server.tlsPort(), true, Optional.empty(), 5,
                Duration.ZERO, 5);
        PircIrcConnector trusting = connector(Set.of(good, wrongName), TestCa.get().clientContext());
        IrcConnection ok = trusting.create(request(good, prefix + "tls"));
        try {
            ok.open(new RecordingListener());
            assertTrue(ok.isOpen());
        } finally {
            ok.close("bye");
        }
        TransientFailureException mismatch = assertThrows(TransientFailureException.class,
                () -> trusting.create(request(wrongName, prefix + "tlsn")).open(new RecordingListener()));
        assertTrue(mismatch.getMessage().contains("TLS"), mismatch.getMessage());
        PircIrcConnector jdkTrust = connector(Set.of(good), SSLContext.getDefault());
        TransientFailureException untrusted = assertThrows(TransientFailureException.class,
                () -> jdkTrust.create(request(good, prefix + "tlsu")).open(new RecordingListener()));
        assertTrue(untrusted.getMessage().contains("TLS"), untrusted.getMessage());
        assertEquals(0, trusting.connections(good) + trusting.connections(wrongName) + jdkTrust.connections(good));
    }

    /** I4: a server that is not allow-listed is refused before any connection attempt. */
    static void notAllowListed(IrcServerProcess server) throws Exception {
        try (CanaryServer canary = CanaryServer.start()) {
            IrcServerPolicy listed = plain(server, 5, Duration.ZERO, 5);
            IrcServerPolicy canaryPolicy = new IrcServerPolicy("localhost", canary.port(), false, Optional.empty(),
                    5, Duration.ZERO, 5);
            IrcServerPolicy canaryTls = new IrcServerPolicy("localhost", canary.port(), true, Optional.empty(),
                    5, Duration.ZERO, 5);
            PircIrcConnector connector = connector(Set.of(listed, canaryTls), TestCa.get().clientContext());
            InvalidAddressException e = assertThrows(InvalidAddressException.class,
                    () -> connector.create(request(canaryPolicy, "canary")));
            assertEquals(AddressGuard.REFUSED, e.getMessage());
            assertEquals(0, canary.accepts(), "no connection attempt");
        }
    }

    /** I5: the gateway's cap per server, all users together. */
    static void connectionCap(IrcServerProcess server, String prefix) throws Exception {
        IrcServerPolicy policy = plain(server, 5, Duration.ZERO, 2);
        PircIrcConnector connector = connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection a = connector.create(request(policy, prefix + "capa"));
        IrcConnection b = connector.create(request(policy, prefix + "capb"));
        try {
            a.open(new RecordingListener());
            b.open(new RecordingListener());
            RateLimitedException limited = assertThrows(RateLimitedException.class,
                    () -> connector.create(request(policy, prefix + "capc")));
            assertTrue(limited.getMessage().contains("localhost"), limited.getMessage());
            a.close("making room");
            IrcConnection c = connector.create(request(policy, prefix + "capc"));
            c.open(new RecordingListener());
            c.close("bye");
        } finally {
            a.close("bye");
            b.close("bye");
        }
        assertEquals(0, connector.connections(policy));
    }

    /** A nick taken by another client: the connection registers with the fallback and says so. */
    static void nickCollision(IrcServerProcess server, String prefix) throws Exception {
        IrcServerPolicy policy = plain(server, 5, Duration.ZERO, 5);
        PircIrcConnector connector = connector(Set.of(policy), TestCa.get().clientContext());
        try (RawIrcClient holder = RawIrcClient.connect(server.host(), server.plainPort(), prefix + "taken")) {
            IrcConnection connection = connector.create(request(policy, prefix + "taken"));
            try {
                connection.open(new RecordingListener());
                assertEquals(prefix + "taken_", connection.nick());
            } finally {
                connection.close("bye");
            }
        }
    }

    /** The server dies: closed() exactly once, not requested; the slot is back. */
    static void serverKill(IrcServerProcess server, String prefix) throws Exception {
        IrcServerPolicy policy = plain(server, 5, Duration.ZERO, 5);
        PircIrcConnector connector = connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection connection = connector.create(request(policy, prefix + "kill"));
        RecordingListener listener = new RecordingListener();
        connection.open(listener);
        server.kill();
        RecordingListener.Closed closed = listener.awaitClosed(WAIT);
        assertFalse(closed.requested());
        assertFalse(connection.isOpen());
        connection.close("after the fact");
        assertEquals(1, listener.closed.size());
        assertEquals(0, connector.connections(policy));
        server.start();
    }

    static void assertRateLimited(Throwable t) {
        assertInstanceOf(RateLimitedException.class, t);
    }
}
