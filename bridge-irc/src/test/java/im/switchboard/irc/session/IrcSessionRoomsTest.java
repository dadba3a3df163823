package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.ctcp.CtcpCodec;
import im.switchboard.irc.ctcp.CtcpMessage;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcParseResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rooms with the real {@link IrcEventTranslator}: reflections, rejoin after a reconnect, CTCP replies. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcSessionRoomsTest {

    private static final String HOST = SessionFixture.HOST;
    private static final IrcAddress.Channel CHAT = new IrcAddress.Channel(HOST, "#chat");

    private final SessionFixture f = new SessionFixture();

    /** A server that accepts every JOIN: echo, NAMES, end of NAMES. */
    @BeforeEach
    void friendlyServer() {
        f.connector.respondWith((connection, message) -> {
            if (message.command().equals("JOIN")) {
                String channel = message.params().get(0);
                String nick = connection.nick();
                connection.serverSays(":" + nick + "!r@gateway.example JOIN " + channel);
                connection.serverSays(":irc.example.net 353 " + nick + " = " + channel + " :" + nick + " @juliet");
                connection.serverSays(":irc.example.net 366 " + nick + " " + channel + " :End of /NAMES list.");
            }
        });
    }

    private static IrcMessage parse(String line) {
        return ((IrcParseResult.Parsed) IrcMessageParser.parse(line)).message();
    }

    /** What the user should read for each PRIVMSG sent to {@code target}. */
    private List<String> sentTexts(FakeIrcConnection connection, String target) {
        return connection.lines().stream().map(IrcSessionRoomsTest::parse)
                .filter(m -> m.command().equals("PRIVMSG") && m.params().get(0).equals(target))
                .map(m -> switch (CtcpCodec.decode(m.params().get(1))) {
                    case CtcpMessage.Action a -> "/me " + a.text();
                    case CtcpMessage.Plain p -> p.text();
                    case CtcpMessage.Query q -> throw new AssertionError("a CTCP query was sent: " + q);
                }).toList();
    }

    @Test
    void theJoinIsReportedWhenTheServerConfirmsIt() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(1, f.sink.joined.size());
        assertEquals("romeo", f.sink.joined.get(0).nick());
        assertEquals(2, f.sink.joined.get(0).occupants().size());
    }

    @Test
    void reflectionsShowExactlyWhatWasSent() throws Exception {
        // THREATS I2: one reflection per line sent, with the very text the server got
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        String body = "z".repeat(2000) + "\nsecond line \uD83D\uDE00\n/me " + "w".repeat(700) + "\n\u0001PING 1\u0001";
        f.session.sendRoomMessage(new OutgoingMessage("stanza-7", CHAT, body, false));
        List<String> sent = sentTexts(f.connector.last(), "#chat");
        assertTrue(sent.size() >= 8, sent.toString());
        List<RoomMessage> reflections = f.sink.roomMessages;
        assertEquals(sent, reflections.stream().map(RoomMessage::body).toList());
        for (RoomMessage reflection : reflections) {
            assertEquals(Optional.of("stanza-7"), reflection.reflectionOf());
            assertEquals("romeo", reflection.nick());
        }
    }

    @Test
    void roomsAreRejoinedAfterAReconnect() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.session.joinRoom(new RoomJoin(new IrcAddress.Channel(HOST, "#other"), "romeo", Optional.empty()));
        f.connector.last().drop("Ping timeout: 240 seconds");
        assertTrue(f.sink.events.stream().anyMatch(e -> e.equals("left #chat on " + HOST + " romeo DISCONNECTED")),
                f.sink.events.toString());
        assertTrue(f.scheduler.runNext());
        FakeIrcConnection again = f.connector.last();
        assertEquals(2, f.connector.connections().size());
        assertTrue(again.lines().containsAll(List.of("JOIN #chat", "JOIN #other")), again.lines().toString());
        assertEquals(4, f.sink.joined.size());
    }

    @Test
    void ctcpQueriesAreAnsweredAtMostOncePerInterval() throws Exception {
        // THREATS I3, I5
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        FakeIrcConnection connection = f.connector.last();
        connection.serverSays(":juliet!j@capulet.example PRIVMSG romeo :\u0001VERSION\u0001");
        connection.serverSays(":juliet!j@capulet.example PRIVMSG romeo :\u0001PING 12345\u0001");
        f.clock.advance(Duration.ofSeconds(2));
        connection.serverSays(":juliet!j@capulet.example PRIVMSG romeo :\u0001PING 12345\u0001");
        connection.serverSays(":juliet!j@capulet.example PRIVMSG romeo :\u0001DCC SEND x 1 2 3\u0001");
        List<String> notices = connection.lines().stream().filter(l -> l.startsWith("NOTICE")).toList();
        assertEquals(List.of("NOTICE juliet :\u0001VERSION Switchboard test\u0001",
                "NOTICE juliet :\u0001PING 12345\u0001"), notices);
    }

    @Test
    void aRoomLeftWhileDisconnectedIsNotRejoined() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        IrcAddress.Channel other = new IrcAddress.Channel(HOST, "#other");
        f.session.joinRoom(new RoomJoin(other, "romeo", Optional.empty()));
        f.connector.last().drop("Ping timeout: 240 seconds");
        f.session.leaveRoom(other, "bye");
        assertTrue(f.scheduler.runNext());
        assertEquals(List.of("JOIN #chat"), f.connector.last().lines());
    }

    @Test
    void joiningAChannelWeAreInSendsNoSecondJoin() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(List.of("JOIN #chat"), f.connector.last().lines());
        assertEquals(2, f.sink.joined.size());
    }

    @Test
    void moderationNamesTheOccupantAsTheServerSpellsIt() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.connector.last().serverSays(":Tybalt!t@capulet.example JOIN #chat");
        f.session.moderate(CHAT, new im.switchboard.core.spi.Moderation.Kick("tybalt", "Away"));
        assertEquals("KICK #chat Tybalt Away", f.connector.last().lines().get(1));
    }
}
