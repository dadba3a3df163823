package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREATS I5: the send queue is bounded; a message is queued whole or not at all; nothing queued is dropped. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SendQueueTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstWrite = new CountDownLatch(1);
    private final List<String> written = Collections.synchronizedList(new ArrayList<>());

    /** A queue whose writer holds its first line until released: what is offered meanwhile stays queued. */
    private SendQueue queue(int maxLines, long maxBytes) {
        return new SendQueue(new TokenBucket(1000, java.time.Duration.ofMillis(1), System::nanoTime), line -> {
            firstWrite.countDown();
            try {
                if (!release.await(5, TimeUnit.SECONDS)) {
                    throw new java.io.IOException("not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(line);
        }, e -> { }, "test-writer", maxLines, maxBytes);
    }

    @Test
    void aFullQueueRefusesAWholeBatchAndKeepsWhatItHolds() throws Exception {
        SendQueue q = queue(4, 10_000);
        assertEquals(SendQueue.Offer.QUEUED, q.offerAll(List.of("PRIVMSG #a :0")));
        assertTrue(firstWrite.await(5, TimeUnit.SECONDS));
        assertEquals(SendQueue.Offer.QUEUED, q.offerAll(List.of("PRIVMSG #a :1", "PRIVMSG #a :2")));
        assertEquals(SendQueue.Offer.FULL, q.offerAll(List.of("PRIVMSG #a :3", "PRIVMSG #a :4", "PRIVMSG #a :5")),
                "three more lines do not fit in the two left: none is queued");
        assertEquals(SendQueue.Offer.QUEUED, q.offerAll(List.of("PRIVMSG #a :6", "PRIVMSG #a :7")));
        assertEquals(SendQueue.Offer.FULL, q.offerAll(List.of("PRIVMSG #a :8")));
        release.countDown();
        assertTrue(q.awaitDrained(TimeUnit.SECONDS.toNanos(5)));
        assertEquals(List.of("PRIVMSG #a :0", "PRIVMSG #a :1", "PRIVMSG #a :2", "PRIVMSG #a :6", "PRIVMSG #a :7"),
                written);
        assertEquals(SendQueue.Offer.QUEUED, q.offerAll(List.of("PRIVMSG #a :9", "PRIVMSG #a :10")),
                "written lines free their room");
        q.stop();
    }

    @Test
    void theByteBoundCountsEachLineWithItsCrlf() throws Exception {
        SendQueue q = queue(100, 30);
        assertEquals(SendQueue.Offer.QUEUED, q.offerAll(List.of("x")));
        assertTrue(firstWrite.await(5, TimeUnit.SECONDS));
        String line = "é".repeat(6); // 12 bytes in UTF-8, 14 with CRLF
        assertEquals(SendQueue.Offer.QUEUED, q.offerAll(List.of(line, line)));
        assertEquals(SendQueue.Offer.FULL, q.offerAll(List.of("y")), "28 of 30 bytes used, 3 more do not fit");
        release.countDown();
        assertTrue(q.awaitDrained(TimeUnit.SECONDS.toNanos(5)));
        assertEquals(List.of("x", line, line), written);
        q.stop();
        assertEquals(SendQueue.Offer.STOPPED, q.offerAll(List.of("z")));
    }
}
