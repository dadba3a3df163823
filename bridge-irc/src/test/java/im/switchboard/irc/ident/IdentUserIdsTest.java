package im.switchboard.irc.ident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IdentUserIdsTest {

    @Test
    void stableShortAndNotTheJid() {
        String id = IdentUserIds.of("romeo@montague.lit");
        assertEquals(id, IdentUserIds.of("romeo@montague.lit"), "the same user, the same id (bans keep working)");
        assertEquals(IdentUserIds.LENGTH, id.length());
        assertTrue(id.matches("[a-z2-7]+"), id);
        assertFalse(id.contains("romeo"), id);
        assertNotEquals(id, IdentUserIds.of("juliet@capulet.lit"));
    }

    @Test
    void thousandsOfUsersGetThousandsOfIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(IdentUserIds.of("user" + i + "@example.org"));
        }
        assertEquals(10_000, ids.size());
    }
}
