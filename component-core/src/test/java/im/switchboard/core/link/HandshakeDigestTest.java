package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import im.switchboard.core.stanza.StanzaLimits;
import im.switchboard.core.stanza.StreamEvent;
import im.switchboard.core.stanza.StreamParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XEP-0114 section 3 handshake digest; THREATS X4. Expected values computed with {@code sha1sum}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HandshakeDigestTest {

    @Test
    void plainStreamId() {
        // printf '%s' '3BF96D32s3cr3t' | sha1sum
        assertEquals("ba33290100f616a33656a931798d6c9011cfa840", HandshakeDigest.of("3BF96D32", "s3cr3t"));
    }

    @Test
    void escapedStreamIdIsHashedUnescaped() {
        String header = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns='jabber:component:accept' from='irc.montague.lit'"
                + " id='a&amp;b&apos;c&lt;d&gt;&quot;e'>";
        StreamParser parser = new StreamParser(StanzaLimits.DEFAULTS);
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        StreamEvent.StreamOpened opened = assertInstanceOf(StreamEvent.StreamOpened.class, parser.poll());
        assertEquals("a&b'c<d>\"e", opened.id());
        // printf '%s' "a&b'c<d>\"es3cr3t" | sha1sum
        assertEquals("b026fdb91e5e25704a92ffd2e64bee3a0f958e09", HandshakeDigest.of(opened.id(), "s3cr3t"));
    }

    @Test
    void nonAsciiSecretIsHashedAsUtf8() {
        // printf '%s' 'idgeheimnis-äöü-日本-🌹' | sha1sum (UTF-8 terminal)
        assertEquals("00beef05bc9ffb5ac8bc82a2aaabe582748ce8a7",
                HandshakeDigest.of("id", "geheimnis-\u00e4\u00f6\u00fc-\u65e5\u672c-\uD83C\uDF39"));
    }

    @Test
    void digestIsLowercaseHex() {
        String digest = HandshakeDigest.of("X", "Y");
        assertEquals(40, digest.length());
        assertEquals(digest.toLowerCase(java.util.Locale.ROOT), digest);
    }
}
