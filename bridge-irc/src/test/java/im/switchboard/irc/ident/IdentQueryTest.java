package im.switchboard.irc.ident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 1413 section 6 query syntax. */
@Timeout(10)
class IdentQueryTest {

    @Test
    void portsWithOrWithoutSpaces() {
        assertEquals(Optional.of(new IdentQuery(6193, 23)), IdentQuery.parse("6193, 23"));
        assertEquals(Optional.of(new IdentQuery(6193, 23)), IdentQuery.parse("6193,23"));
        assertEquals(Optional.of(new IdentQuery(1, 65535)), IdentQuery.parse("  1 ,   65535 "));
        assertEquals("6193 , 23", new IdentQuery(6193, 23).pair());
    }

    @Test
    void anythingElseIsNotAQuery() {
        for (String bad : new String[] {"", "6193", "6193 23", "0, 23", "6193, 0", "65536, 23", "-1, 23",
            "61 93, 23", "6193, 23x", "x, y", "999999999999, 1", ","}) {
            assertTrue(IdentQuery.parse(bad).isEmpty(), bad);
        }
    }
}
