package im.switchboard.irc.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Modern IRC, "Wildcard expressions", compared under the server's case mapping. */
@Timeout(10)
class IrcMaskTest {

    @Test
    void wildcards() {
        assertTrue(IrcMask.matches("*!*@*.lit", "romeo!r@montague.lit", IrcCaseMapping.ASCII));
        assertTrue(IrcMask.matches("rom?o!*@*", "romeo!r@h", IrcCaseMapping.ASCII));
        assertTrue(IrcMask.matches("*", "anything!x@y", IrcCaseMapping.ASCII));
        assertFalse(IrcMask.matches("*!*@*.lit", "romeo!r@montague.org", IrcCaseMapping.ASCII));
        assertFalse(IrcMask.matches("rom?o!*@*", "rooomeo!r@h", IrcCaseMapping.ASCII));
        assertTrue(IrcMask.matches("a*b*c", "aXbYbZc", IrcCaseMapping.ASCII));
        assertFalse(IrcMask.matches("a*b*c", "aXbYbZ", IrcCaseMapping.ASCII));
    }

    @Test
    void caseMapping() {
        assertTrue(IrcMask.matches("TYB[ALT!*@*", "tyb{alt!t@h", IrcCaseMapping.RFC1459));
        assertFalse(IrcMask.matches("TYB[ALT!*@*", "tyb{alt!t@h", IrcCaseMapping.ASCII));
    }

    @Test
    void extendedBansAreNotMasks() {
        assertFalse(IrcMask.matches("$a:romeo", "romeo!r@h", IrcCaseMapping.ASCII));
        assertFalse(IrcMask.matches("~a:romeo", "~a:romeo", IrcCaseMapping.ASCII));
        assertFalse(IrcMask.matches("~", "romeo!r@h", IrcCaseMapping.ASCII));
    }

    @Test
    void manyStarsStayFast() {
        String mask = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
        assertFalse(IrcMask.matches(mask, "a".repeat(5000), IrcCaseMapping.ASCII));
    }
}
