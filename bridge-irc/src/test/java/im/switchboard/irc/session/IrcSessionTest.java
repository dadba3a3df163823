package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.Page;
import im.switchboard.core.spi.PageRequest;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.RecipientUnavailableException;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomListing;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.core.spi.UnsupportedException;
import im.switchboard.core.spi.Affiliation;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The XMPP -> IRC direction and the lifecycle of {@link IrcSession}, over a scripted connection. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcSessionTest {

    private static final String HOST = SessionFixture.HOST;
    private static final IrcAddress.Channel CHAT = new IrcAddress.Channel(HOST, "#Chat");
    private static final IrcAddress.User JULIET = new IrcAddress.User(HOST, "juliet");
    /** Our worst-case relay prefix ":romeo!" + 11 + "@" + 63 + " " with no ISUPPORT. */
    private static final int PREFIX = 1 + 5 + 1 + 11 + 1 + 63 + 1;

    private final SessionFixture f = new SessionFixture();

    private static RoomJoin join(IrcAddress.Channel room, String nick) {
        return new RoomJoin(room, nick, Optional.empty());
    }

    private static OutgoingMessage to(IrcAddress address, String body) {
        return new OutgoingMessage("m1", address, body, false);
    }

    private List<String> lines() {
        return f.connector.connections().stream().flatMap(c -> c.lines().stream()).toList();
    }

    private List<String> texts(String target) {
        return lines().stream().map(l -> ((IrcParseResult.Parsed) IrcMessageParser.parse(l)).message())
                .filter(m -> m.command().equals("PRIVMSG") && m.params().get(0).equals(target))
                .map(m -> m.params().get(1)).toList();
    }

    @Test
    void joinConnectsWithTheRegisteredNickThenSendsJoin() throws Exception {
        f.session.connect();
        f.session.joinRoom(join(CHAT, "romeo"));
        assertEquals(1, f.connector.requests().size());
        var request = f.connector.requests().get(0);
        assertEquals("romeo", request.nick());
        assertEquals("romeo", request.username());
        assertEquals(HOST, request.server().host());
        assertEquals(SessionFixture.USER, request.user());
        assertEquals(List.of("JOIN #Chat"), lines());
        assertEquals(List.of("CONNECTED"), f.sink.states);
    }

    @Test
    void aRoomPasswordIsTheChannelKey() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.of(Secret.of("s3cret"))));
        assertEquals(List.of("JOIN #Chat s3cret"), lines());
    }

    @Test
    void aServerOutsideTheAllowListIsRefusedWithoutAConnection() {
        // THREATS I4: the same text whatever the reason, and no connection attempt
        var e = assertThrows(InvalidAddressException.class,
                () -> f.session.joinRoom(join(new IrcAddress.Channel("irc.evil.example", "#x"), "romeo")));
        assertEquals(IrcSession.NOT_ALLOWED, e.getMessage());
        assertTrue(f.connector.requests().isEmpty());
    }

    @Test
    void twoThousandCharactersAreSplitToFitTheRelayedLine() throws Exception {
        // THREATS I2: 512 bytes with the server's prefix and CR LF
        String body = "x".repeat(2000);
        f.session.sendMessage(to(JULIET, body));
        List<String> texts = texts("juliet");
        assertTrue(texts.size() >= 5, "split into several lines: " + texts.size());
        assertEquals(body, String.join("", texts));
        for (String line : lines()) {
            assertTrue(PREFIX + line.getBytes(StandardCharsets.UTF_8).length + 2 <= 512, line);
        }
    }

    @Test
    void fourByteCharactersAreNeverCut() throws Exception {
        String body = "\uD83D\uDE00".repeat(600);
        f.session.sendMessage(to(JULIET, body));
        List<String> texts = texts("juliet");
        assertTrue(texts.size() >= 5);
        assertEquals(body, String.join("", texts));
        for (String text : texts) {
            assertEquals(0, text.length() % 2, "whole surrogate pairs only");
            assertTrue(Character.isHighSurrogate(text.charAt(0)));
        }
        for (String line : lines()) {
            assertTrue(PREFIX + line.getBytes(StandardCharsets.UTF_8).length + 2 <= 512, line);
        }
    }

    @Test
    void multiLineBodiesAreOnePrivmsgPerLine() throws Exception {
        f.session.sendMessage(to(JULIET, "one\ntwo\r\n\r\nthree\u2028four"));
        assertEquals(List.of("PRIVMSG juliet one", "PRIVMSG juliet two", "PRIVMSG juliet three",
                "PRIVMSG juliet four"), lines());
    }

    @Test
    void meIsAnActionAndNoOtherCtcpLeavesUserText() throws Exception {
        // THREATS I3
        f.session.sendMessage(to(JULIET, "/me waves\n\u0001VERSION\u0001\n\u0001DCC SEND x 1 2 3\u0001"));
        assertEquals(List.of("PRIVMSG juliet :\u0001ACTION waves\u0001", "PRIVMSG juliet VERSION",
                "PRIVMSG juliet :DCC SEND x 1 2 3"), lines());
    }

    @Test
    void longActionsAreSplitIntoActionsThatFit() throws Exception {
        f.session.sendMessage(to(JULIET, "/me " + "y".repeat(1200)));
        List<String> texts = texts("juliet");
        assertTrue(texts.size() >= 3);
        for (String text : texts) {
            assertTrue(text.startsWith("\u0001ACTION ") && text.endsWith("\u0001"), text);
        }
        for (String line : lines()) {
            assertTrue(PREFIX + line.getBytes(StandardCharsets.UTF_8).length + 2 <= 512, line);
        }
    }

    @Test
    void rawCommandsAreRefusedByDefault() {
        var e = assertThrows(UnsupportedException.class,
                () -> f.session.sendMessage(to(new IrcAddress.Server(HOST), "JOIN #secret")));
        assertTrue(e.getMessage().contains("raw IRC commands are not enabled"), e.getMessage());
        assertTrue(f.connector.requests().isEmpty());
    }

    @Test
    void rawCommandsWhenAllowedAreOneSanitizedLine() throws Exception {
        SessionFixture raw = new SessionFixture(true, Map.of(), Map.of());
        raw.session.sendMessage(to(new IrcAddress.Server(HOST), "WHOIS juliet"));
        assertThrows(UnsupportedException.class,
                () -> raw.session.sendMessage(to(new IrcAddress.Server(HOST), "WHOIS juliet\r\nQUIT :bye")));
        assertThrows(UnsupportedException.class,
                () -> raw.session.sendMessage(to(new IrcAddress.Server(HOST), "QUIT :bye")));
        assertThrows(UnsupportedException.class,
                () -> raw.session.sendMessage(to(new IrcAddress.Server(HOST), "PASS hunter2")));
        assertEquals(List.of("WHOIS juliet"), raw.connector.last().lines());
    }

    @Test
    void roomMessagesNeedTheRoom() throws Exception {
        f.session.joinRoom(join(CHAT, "romeo"));
        assertThrows(RecipientUnavailableException.class,
                () -> f.session.sendRoomMessage(to(new IrcAddress.Channel(HOST, "#elsewhere"), "hi")));
        assertEquals(List.of("JOIN #Chat"), lines());
    }

    @Test
    void roomCommands() throws Exception {
        f.session.joinRoom(join(CHAT, "romeo"));
        f.session.setRoomSubject(CHAT, "Fair Verona");
        f.session.changeRoomNick(CHAT, "romeo_");
        f.session.invite(CHAT, JULIET, "come");
        f.session.moderate(CHAT, new Moderation.Kick("tybalt", "Out"));
        f.session.moderate(CHAT, new Moderation.Ban("tybalt", ""));
        f.session.moderate(CHAT, new Moderation.SetRole("mercutio", Role.MODERATOR));
        f.session.moderate(CHAT, new Moderation.SetRole("mercutio", Role.PARTICIPANT));
        f.session.moderate(CHAT, new Moderation.SetRole("mercutio", Role.VISITOR));
        f.session.moderate(CHAT, new Moderation.SetAffiliation("benvolio", Affiliation.MEMBER));
        f.session.moderate(CHAT, new Moderation.SetAffiliation("benvolio", Affiliation.ADMIN));
        assertThrows(UnsupportedException.class,
                () -> f.session.moderate(CHAT, new Moderation.SetAffiliation("benvolio", Affiliation.OWNER)));
        f.session.leaveRoom(CHAT, "");
        assertEquals(List.of("JOIN #Chat", "TOPIC #Chat :Fair Verona", "NICK romeo_", "INVITE juliet #Chat",
                "KICK #Chat tybalt Out", "MODE #Chat +b tybalt!*@*", "KICK #Chat tybalt",
                "MODE #Chat +o mercutio", "MODE #Chat -o+v mercutio mercutio", "MODE #Chat -o-v mercutio mercutio",
                "MODE #Chat +v benvolio", "MODE #Chat +o benvolio", "PART #Chat"), lines());
    }

    @Test
    void invitationsOnlyForUsersOfTheSameServer() throws Exception {
        f.session.joinRoom(join(CHAT, "romeo"));
        assertThrows(InvalidAddressException.class,
                () -> f.session.invite(CHAT, new IrcAddress.User(SessionFixture.OTHER, "juliet"), ""));
    }

    @Test
    void injectionCorpusProducesNoExtraCommand() throws Exception {
        // THREATS I1: CR, LF, NUL, NEL, U+2028 and U+2029 in every user-controlled field
        f.session.joinRoom(join(CHAT, "romeo"));
        int expected = 1;
        for (String evil : List.of("\r", "\n", "\r\n", "\0", "\u0085", "\u2028", "\u2029")) {
            String payload = "a" + evil + "QUIT :pwned";
            f.session.sendMessage(to(JULIET, payload));
            expected += evil.equals("\0") ? 1 : 2; // the body's lines become PRIVMSGs, never a QUIT
            f.session.setRoomSubject(CHAT, payload);
            f.session.moderate(CHAT, new Moderation.Kick("tybalt", payload));
            f.session.leaveRoom(CHAT, payload);
            f.session.joinRoom(join(CHAT, "romeo"));
            expected += 4;
            assertThrows(InvalidAddressException.class, () -> f.session.joinRoom(join(CHAT, payload)));
            assertThrows(InvalidAddressException.class,
                    () -> f.session.joinRoom(join(new IrcAddress.Channel(HOST, "#" + payload), "romeo")));
            assertThrows(InvalidAddressException.class,
                    () -> f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.of(Secret.of(payload)))));
            assertThrows(InvalidAddressException.class, () -> f.session.changeRoomNick(CHAT, payload));
            assertThrows(InvalidAddressException.class,
                    () -> f.session.moderate(CHAT, new Moderation.Kick(payload, "x")));
            assertThrows(InvalidAddressException.class,
                    () -> f.session.moderate(CHAT, new Moderation.Ban(payload, "x")));
            assertThrows(InvalidAddressException.class,
                    () -> f.session.invite(CHAT, new IrcAddress.User(HOST, payload), "x"));
            assertThrows(InvalidAddressException.class,
                    () -> f.session.sendMessage(to(new IrcAddress.User(HOST, payload), "hi")));
        }
        List<String> lines = lines();
        assertEquals(expected, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertFalse(line.contains("\r") || line.contains("\n") || line.contains("\0")
                    || line.contains("\u2028") || line.contains("\u2029") || line.contains("\u0085"), line);
            String command = line.substring(0, line.indexOf(' '));
            assertTrue(List.of("JOIN", "PRIVMSG", "TOPIC", "KICK", "PART").contains(command), line);
        }
    }

    @Test
    void aLostConnectionIsToldAndRetriedWithJitteredBackoffAndChannelsRejoined() throws Exception {
        SessionFixture g = new SessionFixture(false,
                Map.of(IrcUserServerSettings.key(HOST, IrcUserServerSettings.AUTO_JOIN), "#auto"), Map.of());
        g.session.connect();
        g.session.joinRoom(join(CHAT, "romeo"));
        assertEquals(List.of("JOIN #auto", "JOIN #Chat"), g.connector.last().lines());
        g.connector.last().drop("Ping timeout: 120 seconds");
        assertTrue(g.sink.messages.stream().anyMatch(m -> m.body().contains("Lost the connection to " + HOST)
                && m.from().equals(new IrcAddress.Server(HOST))));
        // THREATS I9: the first wait is drawn between the minimum and twice it
        Duration first = g.scheduler.delays().get(0);
        assertTrue(first.compareTo(Duration.ofSeconds(5)) >= 0 && first.compareTo(Duration.ofSeconds(10)) <= 0,
                first.toString());
        assertEquals(ConnectionState.DISCONNECTED, g.sink.events.stream()
                .filter(e -> e instanceof ConnectionState).reduce((a, b) -> b).orElseThrow());
        g.connector.failNextOpen(new TransientFailureException("connection refused"));
        assertTrue(g.scheduler.runNext());
        Duration second = g.scheduler.delays().get(1);
        assertTrue(second.compareTo(Duration.ofSeconds(5)) >= 0 && second.compareTo(Duration.ofSeconds(20)) <= 0,
                second.toString());
        assertTrue(g.scheduler.runNext());
        assertEquals(3, g.connector.connections().size());
        assertTrue(g.connector.last().lines().contains("JOIN #auto"), g.connector.last().lines().toString());
        assertEquals(ConnectionState.CONNECTED, g.sink.events.stream()
                .filter(e -> e instanceof ConnectionState).reduce((a, b) -> b).orElseThrow());
        assertTrue(g.sink.messages.stream().anyMatch(m -> m.body().equals("Connected to " + HOST + " again.")));
        assertEquals(0, g.scheduler.waiting());
    }

    @Test
    void jitterDiffersPerUser() throws Exception {
        // Two users losing the same server draw different waits (per-user jitter, THREATS I9).
        Duration a = firstDelay(new Random(1));
        Duration b = firstDelay(new Random(2));
        assertFalse(a.equals(b), a + " and " + b);
    }

    private static Duration firstDelay(Random random) throws Exception {
        SessionFixture g = new SessionFixture();
        IrcSession session = new IrcSession(new SessionContext(g.registration, g.sink),
                new SessionEnvironment(g.settings, g.connector, g.scheduler, g.clock, random, g.joinTimer,
                        Runnable::run));
        session.joinRoom(join(CHAT, "romeo"));
        g.connector.last().drop("Connection reset");
        return g.scheduler.delays().get(0);
    }

    @Test
    void tooManyConnectionsIsToldOnceAndWaitsLong() throws Exception {
        // THREATS I5: no retry storm after a K-line or "too many connections"
        f.session.joinRoom(join(CHAT, "romeo"));
        f.connector.last().drop("Too many connections from this IP");
        f.connector.failNextOpen(new RateLimitedException("K-lined"), new RateLimitedException("K-lined"),
                new RateLimitedException("K-lined"));
        assertTrue(f.scheduler.runNext());
        assertTrue(f.scheduler.runNext());
        assertTrue(f.scheduler.runNext());
        long notices = f.sink.messages.stream().filter(m -> m.body().contains("refused the connection")).count();
        assertEquals(1, notices);
        for (Duration d : f.scheduler.delays().subList(1, 4)) {
            assertTrue(d.compareTo(Duration.ofMinutes(15)) >= 0 && d.compareTo(Duration.ofMinutes(30)) <= 0,
                    d.toString());
        }
        assertTrue(f.scheduler.runNext());
        assertEquals(5, f.connector.connections().size());
        assertTrue(f.connector.last().isOpen());
    }

    @Test
    void refusedCredentialsAreNotRetried() throws Exception {
        SessionFixture g = new SessionFixture(false,
                Map.of(IrcUserServerSettings.key(HOST, IrcUserServerSettings.ALWAYS_ON), "true"), Map.of());
        g.connector.failNextOpen(new AuthenticationFailedException("SASL authentication failed"));
        g.session.connect();
        assertTrue(g.scheduler.runNext());
        assertEquals(0, g.scheduler.waiting());
        assertTrue(g.sink.messages.stream().map(IncomingMessage::body)
                .anyMatch(b -> b.startsWith("Could not log in to " + HOST)));
        assertEquals(List.of("CONNECTED", "FAILED " + HOST + ": SASL authentication failed"), g.sink.states);
    }

    @Test
    void alwaysOnServersConnectAtConnect() throws Exception {
        SessionFixture g = new SessionFixture(false,
                Map.of(IrcUserServerSettings.key(HOST, IrcUserServerSettings.ALWAYS_ON), "true",
                        IrcUserServerSettings.key(HOST, IrcUserServerSettings.AUTO_JOIN), "#a,#b"), Map.of());
        g.session.connect();
        assertTrue(g.scheduler.delays().get(0).compareTo(Duration.ofSeconds(5)) <= 0);
        assertTrue(g.scheduler.runNext());
        assertEquals(List.of("JOIN #a", "JOIN #b"), g.connector.last().lines());
    }

    @Test
    void aJoinWhileTheAlwaysOnConnectionIsOnItsWayIsSentOnceItIsUp() throws Exception {
        // A gateway restart: the core connects the kept-open session, then rejoins the remembered rooms at once,
        // before the background connection is up. The join waits for it rather than failing "still connecting".
        SessionFixture g = new SessionFixture(false,
                Map.of(IrcUserServerSettings.key(HOST, IrcUserServerSettings.ALWAYS_ON), "true"), Map.of());
        g.session.connect();
        g.session.joinRoom(join(CHAT, "romeo"));
        assertTrue(g.connector.connections().isEmpty(), "no second connection for the join");
        assertTrue(g.scheduler.runNext());
        assertEquals(1, g.connector.connections().size());
        assertEquals(List.of("JOIN #Chat"), g.connector.last().lines());
    }

    @Test
    void anOnDemandConnectionThatFailsIsNotKept() throws Exception {
        f.connector.failNextOpen(new TransientFailureException("connection refused"));
        f.session.joinRoom(join(CHAT, "romeo"));
        assertEquals(List.of("Could not connect to irc.example.net: connection refused"), f.sink.joinFailureTexts);
        assertTrue(f.session.links().isEmpty());
        assertEquals(0, f.scheduler.waiting());
        f.clock.advance(Duration.ofSeconds(31));
        f.session.joinRoom(join(CHAT, "romeo"));
        assertEquals(List.of("JOIN #Chat"), f.connector.last().lines());
    }

    @Test
    void closeQuitsEveryServerAndStopsReconnects() throws Exception {
        f.session.joinRoom(join(CHAT, "romeo"));
        f.session.joinRoom(join(new IrcAddress.Channel(SessionFixture.OTHER, "#x"), "romeo"));
        FakeIrcConnection first = f.connector.connections().get(0);
        FakeIrcConnection second = f.connector.connections().get(1);
        first.drop("Ping timeout");
        assertEquals(1, f.scheduler.waiting());
        f.session.close();
        f.session.close();
        assertEquals(0, f.scheduler.waiting());
        assertEquals("QUIT Leaving", second.lines().get(second.lines().size() - 1));
        assertEquals(1, second.lines().stream().filter(l -> l.startsWith("QUIT")).count());
        assertTrue(second.isClosed());
        assertThrows(Exception.class, () -> f.session.joinRoom(join(CHAT, "romeo")));
    }

    @Test
    void listRoomsPagesACachedList() throws Exception {
        f.connector.respondWith((connection, message) -> {
            if (message.command().equals("LIST")) {
                connection.serverSays(":irc.example.net 321 romeo Channel :Users  Name");
                connection.serverSays(":irc.example.net 322 romeo #b 3 :Bee");
                connection.serverSays(":irc.example.net 322 romeo #a 5 :Aye");
                connection.serverSays(":irc.example.net 322 romeo #c 1 :");
                connection.serverSays(":irc.example.net 323 romeo :End of /LIST");
            }
        });
        IrcAddress.Server server = new IrcAddress.Server(HOST);
        Page<RoomListing> first = f.session.listRooms(server, new PageRequest(2, Optional.empty(), 0));
        assertEquals(3, first.total());
        assertEquals(0, first.firstIndex());
        assertEquals(List.of("#a", "#b"), first.items().stream()
                .map(r -> ((IrcAddress.Channel) r.room()).name()).toList());
        assertEquals(5, first.items().get(0).occupants());
        assertEquals("Aye", first.items().get(0).subject());
        Page<RoomListing> next = f.session.listRooms(server, new PageRequest(2, Optional.of("#b%" + HOST), 0));
        assertEquals(2, next.firstIndex());
        assertEquals(1, next.items().size());
        assertEquals(1, f.connector.last().lines().stream().filter(l -> l.equals("LIST")).count());
        f.clock.advance(Duration.ofMinutes(3));
        f.session.listRooms(server, new PageRequest(10, Optional.empty(), 0));
        assertEquals(2, f.connector.last().lines().stream().filter(l -> l.equals("LIST")).count());
    }

    @Test
    void aListThatNeverEndsTimesOut() {
        assertThrows(TransientFailureException.class,
                () -> f.session.listRooms(new IrcAddress.Server(HOST), new PageRequest(10, Optional.empty(), 0)));
    }

    @Test
    void connectionsPerUserAreCapped() throws Exception {
        SessionFixture g = new SessionFixture();
        var one = new im.switchboard.irc.IrcSettings(Optional.empty(), false, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(30), "v", 1,
                im.switchboard.irc.IrcSettings.Formatting.STRIP, Duration.ofMinutes(2), Duration.ofSeconds(5), false,
                g.settings.servers());
        IrcSession session = new IrcSession(new SessionContext(g.registration, g.sink),
                new SessionEnvironment(one, g.connector, g.scheduler, g.clock, new Random(1), g.joinTimer,
                        Runnable::run));
        session.joinRoom(join(CHAT, "romeo"));
        assertThrows(RateLimitedException.class,
                () -> session.joinRoom(join(new IrcAddress.Channel(SessionFixture.OTHER, "#x"), "romeo")));
    }

    @Test
    void oneLinkDownWhileAnotherWorksKeepsTheSessionConnected() throws Exception {
        // The user's presence turns unavailable only when no wanted link works (ConnectionStateReporter).
        f.session.connect();
        f.session.joinRoom(join(CHAT, "romeo"));
        f.session.joinRoom(join(new IrcAddress.Channel(SessionFixture.OTHER, "#x"), "romeo"));
        f.connector.connections().get(0).drop("Ping timeout");
        assertEquals(List.of("CONNECTED"), f.sink.states);
        f.connector.connections().get(1).drop("Server shutting down");
        assertEquals(2, f.sink.states.size());
        assertTrue(f.sink.states.get(1).startsWith("DISCONNECTED " + HOST + ": Ping timeout, retrying; "
                + SessionFixture.OTHER + ": Server shutting down, retrying"), f.sink.states.get(1));
        assertTrue(f.scheduler.runNext());
        assertEquals("CONNECTED", f.sink.states.get(2));
    }

    @Test
    void aConnectionLostBeforeOpenReturnedIsStillRetried() throws Exception {
        SessionFixture g = new SessionFixture(false,
                Map.of(IrcUserServerSettings.key(HOST, IrcUserServerSettings.ALWAYS_ON), "true"), Map.of());
        g.connector.dropNextDuringOpen();
        g.session.connect();
        assertTrue(g.scheduler.runNext());
        assertEquals(1, g.scheduler.waiting(), "a reconnect is scheduled, the link is not left half open");
        assertTrue(g.sink.messages.stream().anyMatch(m -> m.body().startsWith("Lost the connection to " + HOST)));
        assertTrue(g.scheduler.runNext());
        assertTrue(g.connector.last().isOpen());
        assertEquals("CONNECTED", g.sink.states.get(g.sink.states.size() - 1));
    }
}
