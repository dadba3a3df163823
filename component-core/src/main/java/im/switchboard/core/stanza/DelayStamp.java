package im.switchboard.core.stanza;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * XEP-0203 delayed delivery for messages that waited in the outbound queue while the link was down
 * (THREATS X8): {@code <delay xmlns='urn:xmpp:delay' from='component.domain' stamp='...'/>}, the stamp being
 * the time the message was queued, in UTC with the XEP-0082 DateTime profile.
 *
 * <p>Works on bytes produced by {@link StanzaSerializer}, whose top-level element always ends with an end
 * tag: the delay is spliced in just before {@code </message>}.
 */
public final class DelayStamp {

    /** The XEP-0203 namespace. */
    public static final String NAMESPACE = "urn:xmpp:delay";

    // Fixed width (milliseconds always present) so that the stamp's size is known in advance.
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] END_TAG = "</message>".getBytes(StandardCharsets.US_ASCII);

    private DelayStamp() {
    }

    /** The XEP-0082 DateTime of {@code instant}, e.g. {@code 2002-09-10T23:08:25.000Z}. */
    public static String stamp(Instant instant) {
        return STAMP.format(instant);
    }

    /** The delay element for {@code from} at {@code queuedAt}; {@code from} must be a plain domain. */
    public static String element(String from, Instant queuedAt) {
        return "<delay xmlns='" + NAMESPACE + "' from='" + from + "' stamp='" + stamp(queuedAt) + "'/>";
    }

    /** How many bytes {@link #insert} adds for {@code from}: reserve this much under the size limit. */
    public static int length(String from) {
        return element(from, Instant.EPOCH).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * {@code message} (serialized by {@link StanzaSerializer}) with a delay child added before its end tag.
     *
     * @throws IllegalArgumentException if {@code message} does not end with {@code </message>}
     */
    public static byte[] insert(byte[] message, String from, Instant queuedAt) {
        int at = message.length - END_TAG.length;
        if (at < 0 || !Arrays.equals(message, at, message.length, END_TAG, 0, END_TAG.length)) {
            throw new IllegalArgumentException("not a serialized message stanza");
        }
        byte[] delay = element(from, queuedAt).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[message.length + delay.length];
        System.arraycopy(message, 0, out, 0, at);
        System.arraycopy(delay, 0, out, at, delay.length);
        System.arraycopy(END_TAG, 0, out, at + delay.length, END_TAG.length);
        return out;
    }
}
