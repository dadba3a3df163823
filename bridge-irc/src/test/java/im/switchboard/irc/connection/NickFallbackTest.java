package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nick collisions during registration (433/432): a bounded, predictable sequence of distinct nicks. */
@Timeout(10)
class NickFallbackTest {

    @Test
    void underscoresFirstThenNumberedWithinNine() {
        assertEquals("romeo_", NickFallback.candidate("romeo", 1, false));
        assertEquals("romeo__", NickFallback.candidate("romeo", 2, false));
        assertEquals("romeo_3", NickFallback.candidate("romeo", 3, false));
        assertEquals("montagu_3", NickFallback.candidate("montague", 3, false));
        assertTrue(NickFallback.candidate("averyveryverylongnick", 12, false).length() <= NickFallback.SAFE_LENGTH);
    }

    @Test
    void candidatesAreDistinct() {
        Set<String> seen = new HashSet<>();
        seen.add("juliet");
        for (int i = 1; i <= 20; i++) {
            assertTrue(seen.add(NickFallback.candidate("juliet", i, false)), "attempt " + i);
        }
    }

    @Test
    void erroneousNickIsMadeValid() {
        assertEquals("r_meo_1", NickFallback.candidate("r\u00f6meo", 1, true));
        assertEquals("_1romeo", NickFallback.valid("1romeo"));
        assertEquals("_-x", NickFallback.valid("-x"));
        assertEquals("_", NickFallback.valid(""));
        assertNotEquals("ro meo", NickFallback.valid("ro meo"));
    }
}
