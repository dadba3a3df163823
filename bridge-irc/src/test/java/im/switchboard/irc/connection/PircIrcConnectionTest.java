package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.message.IrcLine;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.text.IrcDecoding;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection over a real loopback socket against a scripted server: registration, order, throttle (I5),
 * injection (I1), keepalive, close, refusals (I4, I5), decoding (X6), odd lines (I7).
 */
@Timeout(60)
class PircIrcConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private ScriptedIrcServer server;
    private final List<IrcConnection> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedIrcServer();
    }

    @AfterEach
    void stop() throws Exception {
        opened.forEach(c -> c.close("test over"));
        server.close();
    }

    static IrcServerPolicy policy(int port, int burst, Duration interval, int max) {
        return new IrcServerPolicy("irc.test", port, false, Optional.empty(), burst, interval, max);
    }

    static PircIrcConnector connector(IrcServerPolicy policy, IrcConnectorSettings settings) throws Exception {
        HostResolver resolver = host -> {
            if (host.equals("irc.test")) {
                return new InetAddress[] {InetAddress.getLoopbackAddress()};
            }
            throw new java.net.UnknownHostException(host);
        };
        return new PircIrcConnector(Set.of(policy), SSLContext.getDefault(), loopbackAllowed(settings), resolver,
                new IrcDecoding());
    }

    /**
     * The fixtures' resolver maps the name {@code irc.test} to loopback: the guard (I4) lets a name that is not
     * {@code localhost} reach loopback only when private addresses are allowed.
     */
    static IrcConnectorSettings loopbackAllowed(IrcConnectorSettings s) {
        return new IrcConnectorSettings(s.connectTimeout(), s.registrationTimeout(), s.pingInterval(),
                s.quitTimeout(), s.maxNickAttempts(), true, s.maxConcurrentRegistrations());
    }

    static IrcConnectRequest request(IrcServerPolicy policy, String nick) {
        return new IrcConnectRequest("romeo@montague.lit", policy, nick, "romeo", "Romeo Montague",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static CompletableFuture<Void> openAsync(IrcConnection connection, IrcConnectionListener listener) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                connection.open(listener);
                result.complete(null);
            } catch (LegacyException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    static Throwable failure(CompletableFuture<Void> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    /** CAP LS 302 -> LS -> REQ -> ACK -> CAP END -> 001..005. */
    static void register(ScriptedIrcServer.Peer peer, String nick) throws Exception {
        peer.await("CAP LS 302");
        peer.send(":irc.test CAP * LS :multi-prefix server-time");
        peer.await("CAP REQ");
        peer.send(":irc.test CAP * ACK :multi-prefix server-time");
        peer.await("CAP END");
        peer.send(":irc.test 001 " + nick + " :Welcome to the test network");
        peer.send(":irc.test 005 " + nick + " CHANTYPES=# NICKLEN=30 :are supported by this server");
    }

    private IrcConnection connected(PircIrcConnector connector, IrcServerPolicy policy, RecordingListener listener,
            ScriptedIrcServer.Peer[] peerOut) throws Exception {
        IrcConnection connection = connector.create(request(policy, "romeo"));
        opened.add(connection);
        CompletableFuture<Void> open = openAsync(connection, listener);
        ScriptedIrcServer.Peer peer = server.nextPeer(WAIT);
        register(peer, "romeo");
        open.get(10, TimeUnit.SECONDS);
        peerOut[0] = peer;
        return connection;
    }

    @Test
    void registersAndHandsUpLinesInOrderOnTheReaderThread() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        IrcConnection connection = connected(connector(policy, IrcConnectorSettings.defaults()), policy, listener,
                peer);
        assertTrue(connection.isOpen());
        assertEquals("romeo", connection.nick());
        List<String> sent = peer[0].received();
        assertEquals("CAP LS 302", sent.get(0), "CAP LS 302 first (Modern IRC, Connection Registration)");
        assertEquals("NICK romeo", sent.get(1));
        assertTrue(sent.get(2).startsWith("USER romeo "), sent.get(2));
        assertEquals("CAP REQ :multi-prefix server-time", sent.get(3));

        listener.await(m -> m.command().equals("005"), WAIT);
        assertEquals("30", connection.features().token("NICKLEN", "9"));
        assertEquals(Set.of("multi-prefix", "server-time"), connection.features().caps());

        peer[0].send("PING :tok");
        peer[0].await(l -> l.equals("PONG tok"), WAIT);
        for (int i = 0; i < 50; i++) {
            peer[0].send(":juliet!j@capulet.lit PRIVMSG #verona :line " + i);
        }
        for (int i = 0; i < 50; i++) {
            IrcMessage m = listener.await(x -> x.command().equals("PRIVMSG"), WAIT);
            assertEquals("line " + i, m.params().get(1));
        }
        assertTrue(listener.all.stream().noneMatch(m -> m.command().equals("PING")), "PING is answered, not passed");
        assertEquals("001", listener.all.get(0).command(), "from RPL_WELCOME on, nothing before");
        assertTrue(listener.threads.stream().allMatch(t -> t.startsWith("irc-reader-")), "on the reader thread");
    }

    @Test
    void sendKeepsOrderAtTheThrottledRateAndDropsNothing() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 3, Duration.ofMillis(20), 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        IrcConnection connection = connected(connector(policy, IrcConnectorSettings.defaults()), policy, listener,
                peer);
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            connection.send(IrcMessage.of("PRIVMSG", "#verona", "m" + i));
        }
        for (int i = 0; i < 30; i++) {
            String expected = "PRIVMSG #verona m" + i;
            String line = peer[0].await(l -> l.startsWith("PRIVMSG"), WAIT);
            assertEquals(expected, line);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMillis >= 27 * 20 - 5, "burst of 3 then one per 20 ms: took " + elapsedMillis + " ms");
    }

    @Test
    void injectionInEveryParameterGivesOneLine() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 100, Duration.ZERO, 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        IrcConnection connection = connected(connector(policy, IrcConnectorSettings.defaults()), policy, listener,
                peer);
        IrcLine line = connection.send(IrcMessage.of("PRIVMSG", "#verona", "hi\r\nQUIT :pwned\0\nJOIN #evil\u2028x"));
        assertThrows(IllegalArgumentException.class,
                () -> connection.send(IrcMessage.of("PRIVMSG", "#verona\r\nJOIN #evil", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> connection.send(IrcMessage.of("KICK", "#verona", "juliet\nQUIT", "bye")));
        connection.send(IrcMessage.of("PRIVMSG", "#verona", "marker"));
        peer[0].await(l -> l.endsWith("marker"), WAIT);
        List<String> after = peer[0].received().stream().filter(l -> l.startsWith("PRIVMSG") || l.startsWith("QUIT")
                || l.startsWith("JOIN") || l.startsWith("KICK")).toList();
        assertEquals(List.of(line.text(), "PRIVMSG #verona marker"), after);
        assertEquals("PRIVMSG #verona :hi QUIT :pwned JOIN #evil x", line.text());
    }

    @Test
    void nickCollisionDuringRegistration() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        PircIrcConnector connector = connector(policy, IrcConnectorSettings.defaults());
        IrcConnection connection = connector.create(request(policy, "romeo"));
        opened.add(connection);
        CompletableFuture<Void> open = openAsync(connection, new RecordingListener());
        ScriptedIrcServer.Peer peer = server.nextPeer(WAIT);
        peer.await("CAP LS 302");
        peer.send(":irc.test CAP * LS :");
        peer.await("CAP END");
        peer.send(":irc.test 433 * romeo :Nickname is already in use");
        peer.await(l -> l.equals("NICK romeo_"), WAIT);
        peer.send(":irc.test 433 * romeo_ :Nickname is already in use");
        peer.await(l -> l.equals("NICK romeo__"), WAIT);
        peer.send(":irc.test 001 romeo__ :Welcome");
        open.get(10, TimeUnit.SECONDS);
        assertEquals("romeo__", connection.nick());
        peer.send(":romeo__!r@h NICK :Romeo");
        peer.send("PING :sync");
        peer.await(l -> l.equals("PONG sync"), WAIT);
        assertEquals("Romeo", connection.nick());
    }

    @Test
    void serverErrorDuringRegistrationIsRateLimitedWithItsText() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        PircIrcConnector connector = connector(policy, IrcConnectorSettings.defaults());
        IrcConnection connection = connector.create(request(policy, "romeo"));
        CompletableFuture<Void> open = openAsync(connection, new RecordingListener());
        ScriptedIrcServer.Peer peer = server.nextPeer(WAIT);
        peer.await("USER");
        peer.send("ERROR :Closing Link: romeo[127.0.0.1] (Too many connections from your host)");
        peer.close();
        Throwable cause = failure(open);
        assertInstanceOf(RateLimitedException.class, cause);
        assertTrue(cause.getMessage().contains("Too many connections from your host"), cause.getMessage());
        assertFalse(connection.isOpen());
        assertEquals(0, connector.connections(policy), "the slot is back");
    }

    @Test
    void registrationDeadline() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        PircIrcConnector connector = connector(policy,
                IrcConnectorSettings.defaults().withRegistrationTimeout(Duration.ofMillis(300)));
        IrcConnection connection = connector.create(request(policy, "romeo"));
        CompletableFuture<Void> open = openAsync(connection, new RecordingListener());
        ScriptedIrcServer.Peer peer = server.nextPeer(WAIT);
        peer.await("USER");
        assertInstanceOf(TransientFailureException.class, failure(open));
        assertTrue(peer.awaitClosedByClient(WAIT), "the socket is closed after the deadline");
        assertEquals(0, connector.connections(policy));
    }

    @Test
    void unreachableIsTransient() throws Exception {
        int port = server.port();
        server.close();
        IrcServerPolicy policy = policy(port, 5, Duration.ZERO, 10);
        IrcConnection connection = connector(policy, IrcConnectorSettings.defaults()).create(request(policy, "r"));
        assertThrows(TransientFailureException.class, () -> connection.open(new RecordingListener()));
    }

    @Test
    void notAllowListedNeverConnects() throws Exception {
        IrcServerPolicy allowed = policy(server.port() + 1, 5, Duration.ZERO, 10);
        IrcServerPolicy asked = policy(server.port(), 5, Duration.ZERO, 10);
        PircIrcConnector connector = connector(allowed, IrcConnectorSettings.defaults());
        InvalidAddressException e = assertThrows(InvalidAddressException.class,
                () -> connector.create(request(asked, "romeo")));
        assertEquals(AddressGuard.REFUSED, e.getMessage());
        assertEquals(0, server.accepted());
    }

    @Test
    void connectionCapPerServer() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 1);
        PircIrcConnector connector = connector(policy, IrcConnectorSettings.defaults());
        IrcConnection first = connector.create(request(policy, "romeo"));
        assertThrows(RateLimitedException.class, () -> connector.create(request(policy, "juliet")));
        first.close("never opened");
        IrcConnection again = connector.create(request(policy, "juliet"));
        again.close("never opened");
        assertEquals(0, connector.connections(policy));
    }

    @Test
    void serverCloseCallsClosedOnce() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        PircIrcConnector connector = connector(policy, IrcConnectorSettings.defaults());
        IrcConnection connection = connected(connector, policy, listener, peer);
        peer[0].send("ERROR :Closing Link: romeo (Killed (oper (bye)))");
        peer[0].close();
        RecordingListener.Closed closed = listener.awaitClosed(WAIT);
        assertFalse(closed.requested());
        assertTrue(closed.reason().contains("Killed"), closed.reason());
        connection.close("again");
        assertEquals(1, listener.closed.size());
        assertFalse(connection.isOpen());
        assertThrows(NotConnectedException.class, () -> connection.send(IrcMessage.of("PRIVMSG", "#a", "x")));
        assertEquals(0, connector.connections(policy));
    }

    @Test
    void closeSendsQueuedLinesThenQuit() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 1, Duration.ofMillis(10), 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        IrcConnection connection = connected(connector(policy, IrcConnectorSettings.defaults()), policy, listener,
                peer);
        for (int i = 0; i < 10; i++) {
            connection.send(IrcMessage.of("PRIVMSG", "#verona", "bye " + i));
        }
        Thread.ofVirtual().start(() -> connection.close("Gone to Mantua"));
        peer[0].await(l -> l.equals("QUIT :Gone to Mantua"), WAIT);
        List<String> sent = peer[0].received();
        assertEquals(10, sent.stream().filter(l -> l.startsWith("PRIVMSG #verona")).count(), "drained before QUIT");
        peer[0].send("ERROR :Closing Link: romeo (Quit: Gone to Mantua)");
        peer[0].close();
        RecordingListener.Closed closed = listener.awaitClosed(WAIT);
        assertTrue(closed.requested());
        assertEquals("Gone to Mantua", closed.reason());
        assertEquals(1, listener.closed.size());
    }

    @Test
    void silentServerIsPingedThenClosedWithPingTimeout() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        connected(connector(policy, IrcConnectorSettings.defaults().withPingInterval(Duration.ofMillis(300))),
                policy, listener, peer);
        peer[0].await(l -> l.equals("PING " + Registration.KEEPALIVE_TOKEN), WAIT);
        RecordingListener.Closed closed = listener.awaitClosed(WAIT);
        assertEquals(new RecordingListener.Closed("ping timeout", false), closed);
        assertTrue(peer[0].awaitClosedByClient(WAIT));
    }

    @Test
    void answeredPingKeepsTheConnection() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        IrcConnection connection = connected(connector(policy,
                IrcConnectorSettings.defaults().withPingInterval(Duration.ofMillis(200))), policy, listener, peer);
        for (int i = 0; i < 3; i++) {
            peer[0].await(l -> l.equals("PING " + Registration.KEEPALIVE_TOKEN), WAIT);
            peer[0].send(":irc.test PONG irc.test :" + Registration.KEEPALIVE_TOKEN);
        }
        assertTrue(connection.isOpen());
        assertTrue(listener.closed.isEmpty());
        assertTrue(listener.all.stream().noneMatch(m -> m.command().equals("PONG")));
    }

    @Test
    void latin1LineAndGarbageAreContained() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        RecordingListener listener = new RecordingListener();
        ScriptedIrcServer.Peer[] peer = new ScriptedIrcServer.Peer[1];
        connected(connector(policy, IrcConnectorSettings.defaults()), policy, listener, peer);
        peer[0].sendBytes(":j!j@h PRIVMSG #a :caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));
        peer[0].send(":only-a-source");
        peer[0].send("");
        peer[0].send(":j!j@h PRIVMSG #a :" + "x".repeat(20_000));
        peer[0].send(":j!j@h PRIVMSG #a :after");
        assertEquals("caf\u00e9", listener.await(m -> m.command().equals("PRIVMSG"), WAIT).params().get(1));
        assertEquals("after", listener.await(m -> m.command().equals("PRIVMSG"), WAIT).params().get(1));
    }

    @Test
    void registrationsToOneServerAreLimited() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        PircIrcConnector connector = connector(policy,
                IrcConnectorSettings.defaults().withMaxConcurrentRegistrations(1));
        IrcConnection first = connector.create(request(policy, "romeo"));
        IrcConnection second = connector.create(request(policy, "juliet"));
        opened.add(first);
        opened.add(second);
        CompletableFuture<Void> openFirst = openAsync(first, new RecordingListener());
        ScriptedIrcServer.Peer peerFirst = server.nextPeer(WAIT);
        peerFirst.await("USER");
        CompletableFuture<Void> openSecond = openAsync(second, new RecordingListener());
        // The second waits for the first's registration: it has not connected while the first is pending.
        assertThrows(java.util.concurrent.TimeoutException.class, () -> openSecond.get(300, TimeUnit.MILLISECONDS));
        assertEquals(1, server.accepted());
        peerFirst.send(":irc.test 001 romeo :Welcome");
        openFirst.get(10, TimeUnit.SECONDS);
        ScriptedIrcServer.Peer peerSecond = server.nextPeer(WAIT);
        peerSecond.await("USER");
        peerSecond.send(":irc.test 001 juliet :Welcome");
        openSecond.get(10, TimeUnit.SECONDS);
        assertTrue(second.isOpen());
    }

    @Test
    void saslFailureClosesAndIsAnAuthenticationFailure() throws Exception {
        IrcServerPolicy policy = policy(server.port(), 5, Duration.ZERO, 10);
        PircIrcConnector connector = connector(policy, IrcConnectorSettings.defaults());
        IrcConnection connection = connector.create(new IrcConnectRequest("romeo@montague.lit", policy, "romeo",
                "romeo", "Romeo", Optional.empty(), Optional.of("romeo"), Optional.of(Secret.of("wrong")),
                Optional.empty()));
        CompletableFuture<Void> open = openAsync(connection, new RecordingListener());
        ScriptedIrcServer.Peer peer = server.nextPeer(WAIT);
        peer.await("CAP LS 302");
        peer.send(":irc.test CAP * LS :sasl=PLAIN");
        peer.await("CAP REQ :sasl");
        peer.send(":irc.test CAP * ACK :sasl");
        peer.await("AUTHENTICATE PLAIN");
        peer.send("AUTHENTICATE +");
        peer.await("AUTHENTICATE ");
        peer.send(":irc.test 904 romeo :SASL authentication failed");
        assertInstanceOf(AuthenticationFailedException.class, failure(open));
        assertTrue(peer.awaitClosedByClient(WAIT), "closed after the failure");
    }
}
