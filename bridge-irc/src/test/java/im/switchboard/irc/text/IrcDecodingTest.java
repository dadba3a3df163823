package im.switchboard.irc.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** X6: UTF-8 with a legacy fallback, and nothing XML 1.0 forbids in the result. */
@Timeout(10)
class IrcDecodingTest {

    private final IrcDecoding decoding = new IrcDecoding();

    @Test
    void utf8IsDecodedAsUtf8() {
        String text = "héllo 漢字 \uD83D\uDE00";
        assertEquals(text, decoding.decode(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void invalidUtf8FallsBackToWindows1252() {
        // "café" in Latin-1 and a CP1252 right quote (0x92) and euro (0x80).
        byte[] line = {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x92, (byte) 0x80};
        assertEquals("café \u2019\u20AC", decoding.decode(line));
        assertEquals("windows-1252", decoding.fallback().name());
    }

    @Test
    void fallbackIsConfigurable() {
        IrcDecoding latin1 = new IrcDecoding(StandardCharsets.ISO_8859_1);
        assertEquals("caf\u00e9 \u0092", latin1.decodeRaw(new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x92}));
        // U+0092 is a C1 control: XML 1.0 allows it, so it stays.
        assertEquals("caf\u00e9 \u0092", latin1.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x92}));
    }

    @Test
    void controlCodesAreKeptRawButNotInXmlSafeText() {
        byte[] line = "\u0002bold\u0002 \u0001ACTION x\u0001 \u0000nul\t\u001b[0m".getBytes(StandardCharsets.UTF_8);
        assertEquals("\u0002bold\u0002 \u0001ACTION x\u0001 \u0000nul\t\u001b[0m", decoding.decodeRaw(line));
        assertEquals("bold ACTION x nul\t[0m", decoding.decode(line));
    }

    @Test
    void xmlSafeRemovesLoneSurrogatesAndNonCharacters() {
        assertEquals("ab\uD83D\uDE00c", IrcDecoding.xmlSafe("a\uD800b\uD83D\uDE00\uDC00c\uFFFE\uFFFF"));
        String ok = "plain text\r\n";
        assertTrue(ok == IrcDecoding.xmlSafe(ok), "no copy when nothing to remove");
    }

    @Test
    void randomBytesAlwaysGiveXmlChars() {
        Random random = new Random(6);
        for (int n = 0; n < 5000; n++) {
            byte[] line = new byte[random.nextInt(60)];
            random.nextBytes(line);
            String text = decoding.decode(line);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(Character.isLowSurrogate(text.charAt(++i)));
                    continue;
                }
                assertTrue(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD), () -> "forbidden char in " + text);
            }
        }
    }
}
