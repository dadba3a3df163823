package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.irc.address.IrcAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JOIN the server never answers (Modern IRC, "JOIN message": a JOIN echo and RPL_ENDOFNAMES, or an error numeric,
 * are owed) is sent once more after {@code join-timeout}, then reported failed; the scheduler is driven by hand.
 * One retry only, never a loop (THREATS I5: no flood of the shared address; C1: every wait has a deadline).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcSessionJoinTimeoutTest {

    private static final IrcAddress.Channel CHAT = new IrcAddress.Channel(SessionFixture.HOST, "#chat");

    private final SessionFixture f = new SessionFixture();

    private List<String> joins() {
        return f.connector.last().lines().stream().filter(l -> l.startsWith("JOIN ")).toList();
    }

    private static void answer(FakeIrcConnection connection, String channel) {
        connection.serverSays(":romeo!r@gateway.example JOIN " + channel);
        connection.serverSays(":irc.example.net 353 romeo = " + channel + " :romeo @juliet");
        connection.serverSays(":irc.example.net 366 romeo " + channel + " :End of /NAMES list.");
    }

    @Test
    void anUnansweredJoinIsSentAgainThenReportedFailed() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(List.of("JOIN #chat"), joins());
        assertEquals(List.of(Duration.ofSeconds(20)), f.joinTimer.delays(), "the default join-timeout");

        assertTrue(f.joinTimer.runNext());
        assertEquals(List.of("JOIN #chat", "JOIN #chat"), joins(), "sent once more");
        assertTrue(f.sink.events.stream().noneMatch(e -> e.toString().startsWith("joinFailed")));

        assertTrue(f.joinTimer.runNext());
        assertEquals(List.of("joinFailed #chat on irc.example.net TIMED_OUT"),
                f.sink.events.stream().map(Object::toString).filter(e -> e.startsWith("joinFailed")).toList());
        assertEquals(2, joins().size(), "no third JOIN");
        assertEquals(0, f.joinTimer.waiting());
    }

    @Test
    void theSecondJoinCarriesTheKey() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.of(Secret.of("s3cret"))));
        f.joinTimer.runNext();
        assertEquals(List.of("JOIN #chat s3cret", "JOIN #chat s3cret"), joins());
    }

    @Test
    void anAnsweredJoinIsNeitherResentNorFailed() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        answer(f.connector.last(), "#chat");
        assertEquals(1, f.sink.joined.size());
        assertTrue(f.joinTimer.runNext());
        assertEquals(List.of("JOIN #chat"), joins());
        assertEquals(0, f.joinTimer.waiting());
        assertTrue(f.sink.events.stream().noneMatch(e -> e.toString().startsWith("joinFailed")));
    }

    @Test
    void aJoinAnsweredAfterTheRetryIsReportedJoinedNotFailed() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.joinTimer.runNext();
        answer(f.connector.last(), "#chat");
        f.joinTimer.runNext();
        assertEquals(1, f.sink.joined.size());
        assertTrue(f.sink.events.stream().noneMatch(e -> e.toString().startsWith("joinFailed")));
    }

    @Test
    void aJoinAnsweredAfterTheFailureIsStillReportedJoined() throws Exception {
        // the core honours a late roomJoined: the user is in the room after all
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.joinTimer.runNext();
        f.joinTimer.runNext();
        answer(f.connector.last(), "#chat");
        assertEquals(1, f.sink.joined.size());
        assertEquals("romeo", f.sink.joined.get(0).nick());
    }

    @Test
    void aRefusedJoinIsNotRetried() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.connector.last().serverSays(":irc.example.net 474 romeo #chat :Cannot join channel (+b)");
        f.joinTimer.runNext();
        assertEquals(List.of("JOIN #chat"), joins());
        assertEquals(List.of("joinFailed #chat on irc.example.net BANNED"),
                f.sink.events.stream().map(Object::toString).filter(e -> e.startsWith("joinFailed")).toList());
    }

    @Test
    void aJoinLostWithTheConnectionIsNotResentOnTheOldConnection() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        FakeIrcConnection first = f.connector.last();
        first.drop("Ping timeout");
        f.scheduler.runNext(); // the reconnect, which sends no JOIN: the user was not in the room yet
        while (f.joinTimer.runNext()) {
            assertFalse(f.connector.connections().size() > 2, "no second reconnect");
        }
        assertEquals(List.of("JOIN #chat"), first.lines().stream().filter(l -> l.startsWith("JOIN")).toList());
    }

    @Test
    void theTimeoutIsConfigurable() throws Exception {
        SessionFixture g = new SessionFixture(SessionFixture.settings(false).withJoinTimeout(Duration.ofSeconds(3)));
        g.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(List.of(Duration.ofSeconds(3)), g.joinTimer.delays());
    }
}
