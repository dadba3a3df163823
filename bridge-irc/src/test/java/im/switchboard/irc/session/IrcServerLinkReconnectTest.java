package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.RoomJoin;
import im.switchboard.irc.address.IrcAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * THREATS I5/I9: a server that closes us right after its welcome is not reconnected to every few seconds for ever;
 * the backoff starts afresh only after a connection stayed up a while.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcServerLinkReconnectTest {

    private static final IrcAddress.Channel CHAT = new IrcAddress.Channel(SessionFixture.HOST, "#chat");
    /** The fixture's minimum backoff. */
    private static final Duration MIN = Duration.ofSeconds(5);

    private final SessionFixture f = new SessionFixture();

    @Test
    void aServerThatDropsUsRightAfterWelcomeGetsGrowingWaits() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.connector.last().drop("Closing link: too many connections");
        for (int i = 0; i < 6; i++) {
            assertTrue(f.scheduler.runNext(), "reconnect " + i);
            assertTrue(f.connector.last().isOpen(), "the reconnect opened");
            f.connector.last().drop("Closing link: too many connections");
        }
        List<Duration> delays = f.scheduler.delays();
        assertEquals(7, delays.size(), delays.toString());
        for (int i = 0; i < delays.size(); i++) {
            Duration bound = MIN.multipliedBy(1L << (i + 1));
            assertTrue(delays.get(i).compareTo(MIN) >= 0 && delays.get(i).compareTo(bound) <= 0,
                    "wait " + i + " within [min, " + bound + "]: " + delays);
        }
        assertTrue(delays.stream().anyMatch(d -> d.compareTo(MIN.multipliedBy(2)) > 0),
                "the waits grow beyond the first retry's: " + delays);
    }

    @Test
    void aConnectionThatStayedUpStartsTheBackoffAfresh() throws Exception {
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.connector.last().drop("Closing link");
        for (int i = 0; i < 4; i++) {
            assertTrue(f.scheduler.runNext());
            f.connector.last().drop("Closing link");
        }
        assertTrue(f.scheduler.runNext());
        f.clock.advance(Duration.ofSeconds(61));
        f.connector.last().drop("Ping timeout");
        Duration last = f.scheduler.delays().get(f.scheduler.delays().size() - 1);
        assertTrue(last.compareTo(MIN) >= 0 && last.compareTo(MIN.multipliedBy(2)) <= 0, last.toString());
    }
}
