package im.switchboard.irc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Membership prefixes to XEP-0045 sections 5.1 (roles) and 5.2 (affiliations), as Biboumi maps them. */
@Timeout(10)
class IrcRolesTest {

    private static void maps(List<Character> modes, Affiliation affiliation, Role role) {
        assertEquals(affiliation, IrcRoles.affiliation(modes, IrcPrefixes.DEFAULT), modes.toString());
        assertEquals(role, IrcRoles.role(modes, IrcPrefixes.DEFAULT, false), modes.toString());
    }

    @Test
    void theTable() {
        maps(List.of('q'), Affiliation.OWNER, Role.MODERATOR);
        maps(List.of('a'), Affiliation.ADMIN, Role.MODERATOR);
        maps(List.of('o'), Affiliation.ADMIN, Role.MODERATOR);
        maps(List.of('h'), Affiliation.MEMBER, Role.MODERATOR);
        maps(List.of('v'), Affiliation.MEMBER, Role.PARTICIPANT);
        maps(List.of(), Affiliation.NONE, Role.PARTICIPANT);
        maps(List.of('v', 'o'), Affiliation.ADMIN, Role.MODERATOR);
    }

    @Test
    void moderatedChannels() {
        assertEquals(Role.VISITOR, IrcRoles.role(List.of(), IrcPrefixes.DEFAULT, true));
        assertEquals(Role.PARTICIPANT, IrcRoles.role(List.of('v'), IrcPrefixes.DEFAULT, true));
        assertTrue(IrcRoles.canSpeak(List.of('v'), IrcPrefixes.DEFAULT));
        assertFalse(IrcRoles.canSpeak(List.of(), IrcPrefixes.DEFAULT));
    }

    @Test
    void unknownLettersArePlacedByRank() {
        IrcPrefixes p = IrcPrefixes.fromToken("(Yoxv)!@*+");
        assertEquals(Affiliation.ADMIN, IrcRoles.affiliation(List.of('Y'), p));
        assertEquals(Role.MODERATOR, IrcRoles.role(List.of('x'), p, false));
        assertEquals(Affiliation.MEMBER, IrcRoles.affiliation(List.of('x'), p));
        assertTrue(IrcRoles.canModerate(List.of('x'), p));
        assertFalse(IrcRoles.canModerate(List.of('v'), p));
        assertEquals(Affiliation.NONE, IrcRoles.affiliation(List.of('z'), p), "not a membership mode");
    }
}
