package im.switchboard.irc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channel state: keys folded with the server's case mapping (I8), users forgotten when alone. */
@Timeout(10)
class IrcNetworkTest {

    @Test
    void membersAreKeyedByTheServersFolding() {
        IrcNetwork n = new IrcNetwork(IrcCaseMapping.ASCII);
        IrcChannel c = n.addChannel("#Verona");
        c.add(n.fold("a["), n.userOrNew("a["));
        c.add(n.fold("a{"), n.userOrNew("a{"));
        assertEquals(2, c.members().size());
        // Under rfc1459 the server holds them to be one nick: re-keying keeps one.
        n.mapping(IrcCaseMapping.RFC1459);
        assertEquals(1, n.channel("#VERONA").orElseThrow().members().size());
    }

    @Test
    void renameMovesMembershipsAndModes() {
        IrcNetwork n = new IrcNetwork(IrcCaseMapping.RFC1459);
        IrcChannel a = n.addChannel("#a");
        IrcChannel b = n.addChannel("#b");
        a.add(n.fold("Nurse"), n.userOrNew("Nurse")).mode('v', true);
        b.add(n.fold("Nurse"), n.userOrNew("Nurse"));
        n.rename("NURSE", "Angelica");
        assertEquals("Angelica", a.member(n.fold("angelica")).orElseThrow().user().nick());
        assertTrue(a.member(n.fold("angelica")).orElseThrow().modes().contains('v'));
        assertEquals(List.of(a, b), n.channelsOf("ANGELICA"));
        assertEquals(Optional.empty(), n.user("nurse"));
    }

    @Test
    void usersAloneAreForgotten() {
        IrcNetwork n = new IrcNetwork(IrcCaseMapping.RFC1459);
        IrcChannel a = n.addChannel("#a");
        IrcUser u = n.userOrNew("juliet");
        a.add(n.fold("juliet"), u);
        n.forgetIfAlone(u);
        assertTrue(n.user("juliet").isPresent());
        n.removeChannel("#A");
        assertEquals(Optional.empty(), n.user("juliet"));
        assertEquals(List.of(), List.copyOf(n.channels()));
    }
}
