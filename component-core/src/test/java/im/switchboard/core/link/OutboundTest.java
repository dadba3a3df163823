package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import im.switchboard.core.stanza.StanzaKind;
import im.switchboard.core.stanza.StanzaSummary;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREATS X1 poison-stanza rule: failed writes are counted once per connection that died. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OutboundTest {

    private static Outbound queued() {
        return new Outbound(new byte[] {'<'}, StanzaKind.MESSAGE, true,
                new StanzaSummary("message", "chat", "m1", "juliet@capulet.lit"), -1, 0, false, 0, -1);
    }

    @Test
    void retriesOnOneDeadConnectionCountOnce() {
        Outbound once = queued().failedOn(7);
        assertEquals(1, once.failedWrites());
        // The writer may try the same dead socket again before the reader notices: still one connection.
        assertSame(once, once.failedOn(7));
        assertEquals(1, once.failedOn(7).failedOn(7).failedWrites());
    }

    @Test
    void eachDyingConnectionCounts() {
        assertEquals(3, queued().failedOn(1).failedOn(2).failedOn(3).failedWrites());
    }
}
