package im.switchboard.core.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XEP-0203 delay stamps with XEP-0082 DateTime in UTC; THREATS X8. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DelayStampTest {

    @Test
    void delayIsInsertedBeforeTheEndTag() {
        byte[] message = ("<message from='irc.montague.lit' to='juliet@capulet.lit'><body>O blessed night</body>"
                + "</message>").getBytes(StandardCharsets.UTF_8);
        byte[] stamped = DelayStamp.insert(message, "irc.montague.lit", Instant.parse("2002-09-10T23:08:25Z"));
        assertEquals("<message from='irc.montague.lit' to='juliet@capulet.lit'><body>O blessed night</body>"
                + "<delay xmlns='urn:xmpp:delay' from='irc.montague.lit' stamp='2002-09-10T23:08:25.000Z'/>"
                + "</message>", new String(stamped, StandardCharsets.UTF_8));
        assertEquals(stamped.length - message.length, DelayStamp.length("irc.montague.lit"));
    }

    @Test
    void stampIsUtcWithFixedWidth() {
        assertEquals("1999-12-31T23:59:59.123Z", DelayStamp.stamp(Instant.parse("1999-12-31T23:59:59.123456Z")));
    }

    @Test
    void onlyMessagesAreStamped() {
        assertThrows(IllegalArgumentException.class, () -> DelayStamp.insert(
                "<presence/>".getBytes(StandardCharsets.UTF_8), "irc.montague.lit", Instant.EPOCH));
    }
}
