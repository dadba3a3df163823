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
