package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.address.IrcAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the user's rooms hear when their server's link fails for good (THREATS I9). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcSessionLinkFailureTest {

    private static final IrcAddress.Channel CHAT = new IrcAddress.Channel(SessionFixture.HOST, "#chat");

    private final SessionFixture f = new SessionFixture();

    /** A server that accepts every JOIN: echo, NAMES, end of NAMES. */
    @BeforeEach
    void friendlyServer() {
        f.connector.respondWith((connection, message) -> {
            if (message.command().equals("JOIN")) {
                String channel = message.params().get(0);
                String nick = connection.nick();
                connection.serverSays(":" + nick + "!r@gateway.example JOIN " + channel);
                connection.serverSays(":irc.example.net 366 " + nick + " " + channel + " :End of /NAMES list.");
            }
        });
    }

    private List<Object> joinFailures() {
        return f.sink.events.stream().filter(e -> e.toString().startsWith("joinFailed")).toList();
    }

    @Test
    void roomsToRejoinFailWhenTheLinkGivesUp() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(1, f.sink.joined.size());
        f.connector.last().drop("Connection reset");
        f.connector.failNextOpen(new AuthenticationFailedException("SASL authentication failed"));
        assertTrue(f.scheduler.runNext());
        assertEquals(0, f.scheduler.waiting(), "the link gave up");
        List<Object> failures = joinFailures();
        assertEquals(1, failures.size(), f.sink.events.toString());
        assertTrue(failures.get(0).toString().contains("NOT_CONNECTED"), failures.toString());
        assertEquals(Set.of(), f.session.links().get(SessionFixture.HOST).translator().channelsToRejoin());
    }

    @Test
    void aJoinWhileReconnectingIsSentByTheNextAttempt() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.connector.last().drop("Connection reset");
        assertEquals(1, f.scheduler.waiting());
        IrcAddress.Channel other = new IrcAddress.Channel(SessionFixture.HOST, "#other");
        f.session.joinRoom(new RoomJoin(other, "romeo", Optional.empty()));
        assertEquals(1, f.connector.connections().size(), "the actor did not open a connection itself");
        assertTrue(f.scheduler.runNext());
        assertEquals(List.of("JOIN #chat", "JOIN #other"), f.connector.last().lines());
        assertEquals(List.of(CHAT, CHAT, other), f.sink.joined.stream().map(j -> j.room()).toList());
        assertEquals(List.of(), joinFailures());
    }

    @Test
    void aJoinWhileReconnectingFailsWhenTheAttemptFails() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.connector.last().drop("Connection reset");
        IrcAddress.Channel other = new IrcAddress.Channel(SessionFixture.HOST, "#other");
        f.session.joinRoom(new RoomJoin(other, "romeo", Optional.empty()));
        f.connector.failNextOpen(new TransientFailureException("connection refused"));
        assertTrue(f.scheduler.runNext());
        assertEquals(1, f.scheduler.waiting(), "the link retries");
        assertEquals(List.of("joinFailed " + other.display() + " NOT_CONNECTED"), joinFailures());
        assertTrue(f.scheduler.runNext());
        assertEquals(List.of("JOIN #chat"), f.connector.last().lines(), "the failed join is not sent later");
    }

    @Test
    void aFailedOnDemandOpenIsRememberedForAWhile() throws Exception {
        f.connector.failNextOpen(new TransientFailureException("connection refused"));
        // the connect runs off the actor: its failure answers the join (as roomJoinFailed), it is never thrown
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(List.of("joinFailed " + CHAT.display() + " NOT_CONNECTED"), joinFailures());
        assertEquals(List.of("Could not connect to irc.example.net: connection refused"), f.sink.joinFailureTexts);
        assertThrows(NotConnectedException.class,
                () -> f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty())));
        assertEquals(1, f.connector.connections().size(), "no second connect within the memory");
        f.clock.advance(Duration.ofSeconds(31));
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(2, f.connector.connections().size());
        assertEquals(1, f.sink.joined.size());
    }
}
