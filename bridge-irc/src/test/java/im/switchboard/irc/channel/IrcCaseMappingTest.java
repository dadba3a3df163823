package im.switchboard.irc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Modern IRC, "CASEMAPPING Parameter"; threat I8 (fold exactly as much as the server does). */
@Timeout(10)
class IrcCaseMappingTest {

    @Test
    void tokensAndTheDefault() {
        assertEquals(IrcCaseMapping.RFC1459, IrcCaseMapping.fromToken(null));
        assertEquals(IrcCaseMapping.RFC1459, IrcCaseMapping.fromToken("something-new"));
        assertEquals(IrcCaseMapping.ASCII, IrcCaseMapping.fromToken("ASCII"));
        assertEquals(IrcCaseMapping.RFC1459_STRICT, IrcCaseMapping.fromToken("rfc1459-strict"));
        assertEquals(IrcCaseMapping.RFC7613, IrcCaseMapping.fromToken("rfc7613"));
    }

    @Test
    void asciiFoldsLettersOnly() {
        assertEquals("foo[]\\~", IrcCaseMapping.ASCII.fold("FOO[]\\~"));
        assertFalse(IrcCaseMapping.ASCII.same("a[", "a{"));
        assertTrue(IrcCaseMapping.ASCII.same("Romeo", "ROMEO"));
        assertEquals("École", IrcCaseMapping.ASCII.fold("ÉCOLE"));
        assertFalse(IrcCaseMapping.ASCII.same("É", "é"));
    }

    @Test
    void rfc1459FoldsTheScandinavianBrackets() {
        assertEquals("foo{}|^", IrcCaseMapping.RFC1459.fold("FOO[]\\~"));
        assertTrue(IrcCaseMapping.RFC1459.same("Tyb[alt", "tyb{ALT"));
        assertTrue(IrcCaseMapping.RFC1459.same("a~", "a^"));
    }

    @Test
    void strictKeepsTildeAndCaret() {
        assertEquals("foo{}|~", IrcCaseMapping.RFC1459_STRICT.fold("FOO[]\\~"));
        assertFalse(IrcCaseMapping.RFC1459_STRICT.same("a~", "a^"));
    }

    @Test
    void rfc7613FoldsUnicode() {
        assertTrue(IrcCaseMapping.RFC7613.same("École", "éCOLE"));
    }

    @Test
    void foldingReturnsTheSameStringWhenNothingChanges() {
        String already = "romeo{}";
        assertTrue(already == IrcCaseMapping.RFC1459.fold(already));
    }
}
