package im.switchboard.irc.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** formatting.md "Characters" and "Color", rendered as plain text and as XEP-0393 styling. */
@Timeout(10)
class IrcFormattingTest {

    @Test
    void stripsEverySimpleCode() {
        assertEquals("bold italic under strike mono reverse reset",
                IrcFormatting.strip("\u0002bold\u0002 \u001ditalic\u001d \u001funder\u001f \u001estrike\u001e"
                        + " \u0011mono\u0011 \u0016reverse\u0016 \u000freset"));
    }

    @Test
    void stripsColoursWithTheirDigits() {
        assertEquals("red", IrcFormatting.strip("\u00034red"));
        assertEquals("red on blue", IrcFormatting.strip("\u000304,12red on blue"));
        // Two digits are always read: "\x03" "12" then "3" is text.
        assertEquals("3 apples", IrcFormatting.strip("\u0003123 apples"));
        // A comma not followed by a digit is text.
        assertEquals(",x", IrcFormatting.strip("\u00035,x"));
        assertEquals("plain", IrcFormatting.strip("\u0003plain"));
        assertEquals("1,2", IrcFormatting.strip("\u00031,021,2"));
    }

    @Test
    void stripsHexColours() {
        assertEquals("hex", IrcFormatting.strip("\u0004FF00aahex"));
        assertEquals("hex", IrcFormatting.strip("\u0004ff0000,00ff00hex"));
        assertEquals("xyz", IrcFormatting.strip("\u0004xyz"));
        assertEquals("ABC", IrcFormatting.strip("\u0004ABC"));
    }

    @Test
    void stylingMapsTheFourStyles() {
        assertEquals("*bold* _it_ ~gone~ `code`", IrcFormatting.toStyling(
                "\u0002bold\u0002 \u001dit\u001d \u001egone\u001e \u0011code\u0011"));
        assertEquals("plain underlined red", IrcFormatting.toStyling("plain \u001funderlined\u001f \u00034red"));
    }

    @Test
    void stylingClosesAtResetAndAtEnd() {
        assertEquals("*_both_* plain", IrcFormatting.toStyling("\u0002\u001dboth\u000f plain"));
        assertEquals("*unterminated*", IrcFormatting.toStyling("\u0002unterminated"));
    }

    @Test
    void stylingKeepsMarkersNextToText() {
        // XEP-0393 section 5.2: no whitespace just inside the markers.
        assertEquals("a *b* c", IrcFormatting.toStyling("a\u0002 b \u0002c"));
        assertEquals("empty  here", IrcFormatting.toStyling("empty \u0002\u0002 here"));
        // Only whitespace inside: no markers, the spaces stay.
        assertEquals("x   y", IrcFormatting.toStyling("x \u0002 \u0002 y"));
    }

    @Test
    void overlappingSpansAreNested() {
        // bold on, italic on, bold off, italic off: *_a_*_b_
        assertEquals("*_a_*_b_", IrcFormatting.toStyling("\u0002\u001da\u0002b\u001d"));
    }
}
