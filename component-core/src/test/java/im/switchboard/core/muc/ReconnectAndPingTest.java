package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.BALCONY;
import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.ROMEO;
import static im.switchboard.core.muc.MucHarness.WAIT;
import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * A lost legacy connection (status 333, THREATS I9) and the bridge's rejoin; XEP-0410 self-ping; the session's
 * life while rooms are joined.
 */
@Timeout(60)
class ReconnectAndPingTest {

    private final MucHarness h = new MucHarness();

    @BeforeEach
    void enter() {
        h.rooms.enter("verona", "nurse");
        h.join(ORCHARD, "romeo");
        h.join(BALCONY, "romeo");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aLostConnectionIs333ForEveryResourceAndTheRejoinSendsTheWholeJoinAgain() {
        h.rooms.disconnect(ROMEO);
        for (String resource : List.of(ORCHARD, BALCONY)) {
            h.await("""
                    <presence type='unavailable' from='#verona@fake.shakespeare.lit/romeo' to='%s' id='*'>
                      <x xmlns='http://jabber.org/protocol/muc#user'>
                        <item affiliation='none' role='none' jid='%s'><reason>ping timeout</reason></item>
                        <status code='110'/>
                        <status code='333'/>
                      </x>
                    </presence>""".formatted(resource, resource));
        }
        // XEP-0410: while out of the room a self-ping says so.
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo' id='p0'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard' id='p0'>
                  <ping xmlns='urn:xmpp:ping'/>
                  <error type='cancel'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        int before = h.roomStanzasTo(BALCONY).size();
        h.rooms.rejoin(ROMEO);
        List<Packet> again = h.awaitRoomStanzas(BALCONY, before + 3);
        List<Packet> burst = again.subList(before, before + 3);
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/balcony' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='nurse@fake.shakespeare.lit'/>
                  </x>
                </presence>""", burst.get(0));
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/balcony' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='romeo@montague.lit/balcony'/>
                    <status code='100'/>
                    <status code='110'/>
                  </x>
                </presence>""", burst.get(1));
        assertStanza("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/balcony' id='*'>
                  <subject/>
                </message>""", burst.get(2));
        assertEquals(1, h.rooms.joinRequests().size(), "the bridge rejoined by itself");
        ping(ORCHARD, "romeo", "p1");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'"
                + " id='p1'/>");
    }

    @Test
    void aConnectionTheBridgeGivesUpOnTakesTheUserOutOfEveryRoom() throws Exception {
        h.rooms.disconnect(ROMEO);
        h.network.failConnection(ROMEO, "K-lined");
        for (String resource : List.of(ORCHARD, BALCONY)) {
            h.await("""
                    <presence type='unavailable' from='#verona@fake.shakespeare.lit/romeo' to='%s' id='*'>
                      <x xmlns='http://jabber.org/protocol/muc#user'>
                        <item affiliation='none' role='none' jid='%s'><reason>K-lined</reason></item>
                        <status code='110'/>
                        <status code='333'/>
                      </x>
                    </presence>""".formatted(resource, resource));
        }
        // In no room and not online to the gateway: the failed session is closed.
        h.network.awaitLoggedIn(ROMEO, false, WAIT);
    }

    @Test
    void selfPingIsAResultForJoinedResourcesAndNotAcceptableForOthers() {
        // XEP-0410 section 3.2.
        ping(ORCHARD, "romeo", "s1");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'"
                + " id='s1'/>");
        ping("romeo@montague.lit/mantua", "romeo", "s2");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/mantua' id='s2'>
                  <ping xmlns='urn:xmpp:ping'/>
                  <error type='cancel'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        // Another occupant is answered for by the gateway; a nick nobody has is item-not-found.
        ping(ORCHARD, "nurse", "s3");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/orchard'"
                + " id='s3'/>");
        ping(ORCHARD, "rosaline", "s4");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit/rosaline' to='romeo@montague.lit/orchard'
                    id='s4'>
                  <ping xmlns='urn:xmpp:ping'/>
                  <error type='cancel'>
                    <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
    }

    @Test
    void theSessionStaysOpenWhileInARoomEvenAfterTheGatewayPresenceEnds() {
        h.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        h.receive("<presence type='unavailable' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        ping(ORCHARD, "romeo", "k1");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'"
                + " id='k1'/>");
        assertTrue(h.network.isLoggedIn(ROMEO));
        assertTrue(h.rooms.nicks("verona").contains("romeo"));
    }

    @Test
    void aGatewayShutdownTellsEveryResourceInARoom() {
        h.component.close();
        Packet gone = h.out.await(p -> p instanceof Presence pr && pr.getType() == Presence.Type.unavailable
                && BALCONY.equals(String.valueOf(pr.getTo())) && pr.getFrom().getResource() != null, WAIT);
        assertStanza("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/romeo'
                    to='romeo@montague.lit/balcony' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='none' jid='romeo@montague.lit/balcony'>
                      <reason>The gateway is shutting down.</reason>
                    </item>
                    <status code='110'/>
                    <status code='332'/>
                  </x>
                </presence>""", gone);
    }

    private void ping(String from, String nick, String id) {
        h.receive("""
                <iq type='get' from='%s' to='#verona@fake.shakespeare.lit/%s' id='%s'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""".formatted(from, nick, id));
    }
}
