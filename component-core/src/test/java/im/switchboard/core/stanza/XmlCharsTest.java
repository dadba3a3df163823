package im.switchboard.core.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XML 1.0 section 2.2 character rules; THREATS X6. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class XmlCharsTest {

    @Test
    void plainTextAndAstralCharactersAreLegal() {
        String text = "Wherefore art thou, Romeo? \uD83C\uDF39 \t\r\n é ü 日本";
        assertTrue(XmlChars.isLegal(text));
        assertSame(text, XmlChars.strip(text));
    }

    @Test
    void ircControlCodesAreStripped() {
        // mIRC bold (0x02), colour (0x03), reset (0x0F), CTCP delimiter (0x01)
        String text = "\u0002bold\u0002 \u000304red\u000F \u0001ACTION\u0001";
        assertFalse(XmlChars.isLegal(text));
        assertEquals(0, XmlChars.firstIllegalIndex(text));
        assertEquals("bold 04red ACTION", XmlChars.strip(text));
    }

    @Test
    void loneSurrogatesAndNonCharactersAreStripped() {
        assertEquals("ab", XmlChars.strip("a\uD800b"));
        assertEquals("ab", XmlChars.strip("a\uDC00b"));
        assertEquals("ab", XmlChars.strip("a\uFFFEb\uFFFF"));
        assertEquals("a\uD83D\uDE00", XmlChars.strip("a\u0000\uD83D\uDE00"));
    }

    @Test
    void nulIsIllegal() {
        assertFalse(XmlChars.isLegal(0));
        assertEquals(1, XmlChars.firstIllegalIndex("a\u0000"));
    }
}
