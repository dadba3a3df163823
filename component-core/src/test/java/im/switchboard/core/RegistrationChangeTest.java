package im.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;

/**
 * An open legacy session hears of a changed registration ({@code LegacySession#registrationChanged}) on the
 * user's actor, without a new session: after an XEP-0077 update, and when a stanza carries a registration that
 * changed in the store (a bridge command stores one).
 */
@Timeout(30)
class RegistrationChangeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ROMEO = "romeo@montague.lit";

    private final GatewayHarness gw = new GatewayHarness().started();

    @AfterEach
    void close() {
        gw.close();
    }

    private Registration romeo(String nick) {
        return new Registration(ROMEO, Map.of("username", "romeo", "nick", nick),
                Map.of("password", Secret.of("R0m30")));
    }

    private void loggedIn() {
        gw.network.account("romeo", "R0m30");
        gw.registrations.save(romeo("Romeo"));
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        gw.network.awaitLoggedIn(ROMEO, true, WAIT);
    }

    @Test
    void anXep0077UpdateReachesTheOpenSession() {
        loggedIn();
        gw.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='upd'>
                  <query xmlns='jabber:iq:register'>
                    <username>romeo</username><password/><nick>Romeo M.</nick>
                  </query>
                </iq>""");
        assertEquals(IQ.Type.result, ((IQ) gw.out.await(p -> "upd".equals(p.getID()), WAIT)).getType());
        List<Registration> seen = gw.network.awaitRegistrationsSeen(ROMEO, 2, WAIT);
        assertEquals(List.of("Romeo", "Romeo M."), seen.stream().map(r -> r.fields().get("nick")).toList());
        assertEquals(true, gw.network.isLoggedIn(ROMEO), "the same session, not a new log-in");
    }

    @Test
    void aStoredChangeReachesTheSessionWithTheNextStanza() {
        loggedIn();
        gw.registrations.save(romeo("Romeo of Verona"));
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'><show>away</show>"
                + "</presence>");
        List<Registration> seen = gw.network.awaitRegistrationsSeen(ROMEO, 2, WAIT);
        assertEquals("Romeo of Verona", seen.get(1).fields().get("nick"));
    }

    @Test
    void anUnchangedRegistrationIsNotToldAgain() {
        loggedIn();
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'><show>away</show>"
                + "</presence>");
        gw.registrations.save(romeo("Romeo 2"));
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'><show>dnd</show>"
                + "</presence>");
        // a probe is answered on the actor after the presences before it: then everything has been handled
        gw.out.clear();
        gw.receive("<presence type='probe' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        gw.out.await(p -> p instanceof org.xmpp.packet.Presence && p.getTo() != null
                && p.getTo().toBareJID().equals(ROMEO), WAIT);
        // the open plus exactly one change: the away presence carried the same registration
        List<Registration> seen = gw.network.awaitRegistrationsSeen(ROMEO, 0, WAIT);
        assertEquals(List.of("Romeo", "Romeo 2"), seen.stream().map(r -> r.fields().get("nick")).toList());
    }

    @Test
    void aBridgeCommandReachesTheOpenSession() {
        loggedIn();
        gw.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='verona-net@fake.shakespeare.lit' id='c1'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' action='execute'/>
                </iq>""");
        IQ form = (IQ) gw.out.await(p -> "c1".equals(p.getID()), WAIT);
        String sessionId = form.getChildElement().attributeValue("sessionid");
        gw.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='verona-net@fake.shakespeare.lit' id='c2'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' sessionid='%s'
                           action='complete'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='nick'><value>Romeo V.</value></field>
                    </x>
                  </command>
                </iq>""".formatted(sessionId));
        assertEquals(IQ.Type.result, ((IQ) gw.out.await(p -> "c2".equals(p.getID()), WAIT)).getType());
        List<Registration> seen = gw.network.awaitRegistrationsSeen(ROMEO, 2, WAIT);
        assertEquals("Romeo V.", seen.get(1).fields().get("net/verona-net/nick"));
    }
}
