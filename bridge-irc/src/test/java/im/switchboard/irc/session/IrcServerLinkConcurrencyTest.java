package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.irc.address.IrcAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * The threading contract of {@link IrcServerLink}: a connection lost on its reader thread while the actor thread
 * sends gives either a sent line or {@link NotConnectedException}, never anything else, and exactly one reconnect.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcServerLinkConcurrencyTest {

    @RepeatedTest(20)
    void aDropRacingWithSendsSchedulesOneReconnect() throws Exception {
        SessionFixture f = new SessionFixture();
        IrcAddress.User juliet = new IrcAddress.User(SessionFixture.HOST, "juliet");
        f.session.joinRoom(new RoomJoin(new IrcAddress.Channel(SessionFixture.HOST, "#chat"), "romeo",
                Optional.empty()));
        FakeIrcConnection connection = f.connector.last();
        CountDownLatch go = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection.drop("Connection reset by peer");
        });
        List<Exception> unexpected = new CopyOnWriteArrayList<>();
        int refused = 0;
        go.countDown();
        for (int i = 0; i < 200; i++) {
            try {
                f.session.sendMessage(new OutgoingMessage("m" + i, juliet, "hello " + i, false));
            } catch (NotConnectedException e) {
                refused++;
            } catch (Exception e) {
                unexpected.add(e);
            }
        }
        reader.join();
        assertTrue(unexpected.isEmpty(), unexpected.toString());
        assertEquals(1, f.scheduler.waiting());
        assertTrue(f.scheduler.runNext());
        assertEquals(2, f.connector.connections().size());
        f.session.sendMessage(new OutgoingMessage("after", juliet, "back", false));
        assertEquals(List.of("PRIVMSG juliet back"), f.connector.last().lines());
        long sent = connection.lines().stream().filter(l -> l.startsWith("PRIVMSG")).count();
        assertEquals(200, sent + refused, "every send either went out or was refused");
    }
}
