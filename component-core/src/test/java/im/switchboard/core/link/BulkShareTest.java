package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Message;

/** THREATS X11: bulk legacy traffic leaves room in the outbound queue for replies and errors. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BulkShareTest {

    private static Message message(int i) {
        Message m = new Message();
        m.setFrom("nurse@fake.shakespeare.lit");
        m.setTo("romeo@montague.lit");
        m.setID("b" + i);
        m.setBody("flood " + i);
        return m;
    }

    @Test
    void theQueueIsBoundedInBytesToo() {
        // THREATS C1: a few large stanzas queued during an outage must not exhaust the heap.
        LinkSettings settings = LinkSettings.builder("fake.shakespeare.lit", "secret")
                .server("127.0.0.1", 5347).queueCapacity(1000).queueMaxBytes(600 * 1024).build();
        try (ComponentLink link = new ComponentLink(settings, new RecordingListener())) {
            Message large = message(1);
            large.setBody("x".repeat(200 * 1024));
            assertEquals(SendResult.QUEUED, link.send(large));
            assertEquals(SendResult.QUEUED, link.send(large.createCopy()));
            assertEquals(SendResult.QUEUE_FULL, link.send(large.createCopy()));
            assertEquals(SendResult.QUEUED, link.send(message(2)), "small stanzas still fit");
        }
    }

    @Test
    void bulkFillsEightyPercentAndRepliesStillFit() {
        LinkSettings settings = LinkSettings.builder("fake.shakespeare.lit", "secret")
                .server("127.0.0.1", 5347).queueCapacity(10).build();
        // Never started: everything waits in the queue, as during an outage.
        try (ComponentLink link = new ComponentLink(settings, new RecordingListener())) {
            for (int i = 0; i < 8; i++) {
                assertEquals(SendResult.QUEUED, link.sendBulk(message(i)), "bulk " + i);
            }
            assertEquals(SendResult.QUEUE_FULL, link.sendBulk(message(8)));
            assertEquals(SendResult.QUEUED, link.send(message(9)));
            assertEquals(SendResult.QUEUED, link.send(message(10)));
            assertEquals(SendResult.QUEUE_FULL, link.send(message(11)));
            assertEquals(10, link.stats().queued());
        }
    }
}
