package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.message.IrcMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader thread (echoes) and the session thread (sentLine) race as they do on loopback: every line gets
 * exactly one reflection with its own stanza id, whichever call comes first (I10).
 */
@Timeout(30)
class IrcEventTranslatorConcurrencyTest {

    private static final int LINES = 3000;

    @Test
    void everyLineIsReflectedOnceWithItsOwnId() throws InterruptedException {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
        List<IrcMessage> echoes = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            echoes.add(TranslatorHarness.parse(":romeo!r@h PRIVMSG #Verona :line " + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            awaitQuietly(start);
            echoes.forEach(h.translator::onMessage);
        });
        Thread session = Thread.ofVirtual().start(() -> {
            awaitQuietly(start);
            for (int i = 0; i < LINES; i++) {
                h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "line " + i), "s" + i);
            }
        });
        start.countDown();
        assertTrue(reader.join(Duration.ofSeconds(20)), "reader done");
        assertTrue(session.join(Duration.ofSeconds(20)), "session done");
        List<Object> events = h.sink.take();
        assertEquals(LINES, events.size());
        for (int i = 0; i < LINES; i++) {
            RoomMessage m = ((RecordingSink.RoomMsg) events.get(i)).message();
            assertEquals("line " + i, m.body());
            assertEquals(Optional.of("s" + i), m.reflectionOf());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
