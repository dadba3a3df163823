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
        return new SendQueue(new TokenBucket(1000, java.time.Duration.ofMillis(1), System::nanoTime), (bytes, n) -> {
            firstWrite.countDown();
            try {
                if (!release.await(5, TimeUnit.SECONDS)) {
                    throw new java.io.IOException("not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.addAll(lines(bytes, n));
        }, e -> { }, "test-writer", maxLines, maxBytes);
    }

    /** The CRLF-ended lines of one write. */
    private static List<String> lines(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"), "whole lines only");
        return List.of(text.substring(0, text.length() - 2).split("\r\n", -1));
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

    @Test
    void aBacklogLeavesInFewWritesInOrder() throws Exception {
        List<Integer> writeSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        SendQueue q = new SendQueue(new TokenBucket(1, java.time.Duration.ZERO, System::nanoTime), (bytes, n) -> {
            held.countDown();
            try {
                assertTrue(go.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<String> got = lines(bytes, n);
            writeSizes.add(got.size());
            written.addAll(got);
        }, e -> { }, "test-writer", 1000, 1 << 20);
        q.offer("PRIVMSG #a :first");
        assertTrue(held.await(5, TimeUnit.SECONDS));
        List<String> expected = new ArrayList<>(List.of("PRIVMSG #a :first"));
        for (int i = 0; i < 200; i++) {
            String line = "PRIVMSG #a :line " + i;
            expected.add(line);
            assertTrue(q.offer(line));
        }
        go.countDown();
        assertTrue(q.awaitDrained(TimeUnit.SECONDS.toNanos(5)));
        assertEquals(expected, written, "every line once, in order");
        assertTrue(writeSizes.size() <= 1 + (200 + SendQueue.MAX_WRITE_LINES - 1) / SendQueue.MAX_WRITE_LINES,
                "one write per up to " + SendQueue.MAX_WRITE_LINES + " lines, not per line: " + writeSizes);
        assertTrue(writeSizes.stream().allMatch(n -> n <= SendQueue.MAX_WRITE_LINES), writeSizes.toString());
        q.stop();
    }

    @Test
    void aWriteNeverTakesMoreLinesThanTheBucketLetsLeave() throws Exception {
        long[] now = {0};
        SendQueue q = new SendQueue(new TokenBucket(3, java.time.Duration.ofHours(1), () -> now[0]), (bytes, n) ->
                written.addAll(lines(bytes, n)), e -> { }, "test-writer", 100, 10_000);
        for (int i = 0; i < 5; i++) {
            assertTrue(q.offer("PRIVMSG #a :" + i));
        }
        assertEquals(false, q.awaitDrained(TimeUnit.MILLISECONDS.toNanos(300)), "the bucket holds two back");
        assertEquals(List.of("PRIVMSG #a :0", "PRIVMSG #a :1", "PRIVMSG #a :2"), written, "the burst of three");
        assertEquals(2, q.size());
        q.stop();
    }
}
