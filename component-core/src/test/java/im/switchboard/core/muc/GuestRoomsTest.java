package im.switchboard.core.muc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewaySettings;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code [gateway] rooms-for-unregistered}: a user of an allowed domain who has not registered may join rooms with
 * their room nick (as in Biboumi), on a session opened with the bridge's ephemeral registration; everything else
 * still needs a registration (XEP-0100 section 4.1). Only allowed domains (THREATS X2); the registration is never
 * stored (G2) and a guest's state goes with their last room (C3).
 */
@Timeout(60)
class GuestRoomsTest {

    private static final String BENVOLIO = "benvolio@montague.lit";
    private static final String STREET = "benvolio@montague.lit/street";

    private MucHarness h;

    @AfterEach
    void close() {
        h.close();
    }

    private MucHarness harness(boolean guests) {
        h = new MucHarness(s -> s.withRooms(new GatewaySettings.RoomOptions(Duration.ofSeconds(60), guests)));
        return h;
    }

    private void guestJoins(String id, String nick) {
        h.receive("""
                <presence from='%s' to='#verona@fake.shakespeare.lit/%s' id='%s'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""".formatted(STREET, nick, id));
    }

    @Test
    void offByDefault() {
        assertFalse(GatewaySettings.of("x.example", java.util.Set.of("example")).rooms().forUnregistered());
        harness(false);
        h.receive("""
                <message type='groupchat' from='benvolio@montague.lit/street' to='#verona@fake.shakespeare.lit'
                    id='m1'><body>hi</body></message>""");
        h.await("""
                <message type='error' from='#verona@fake.shakespeare.lit' to='benvolio@montague.lit/street' id='m1'>
                  <body>hi</body>
                  <error type='auth'>
                    <registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""");
        guestJoins("j1", "benvolio");
        assertTrue(h.rooms.joinRequests().isEmpty());
        assertFalse(h.network.isLoggedIn(BENVOLIO));
    }

    @Test
    void aGuestJoinsWithTheirRoomNickOnAnEphemeralRegistration() {
        harness(true);
        h.rooms.enter("verona", "nurse");
        List<org.xmpp.packet.Packet> join = h.join(STREET, "benvolio");
        assertEquals(3, join.size(), join.toString());
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/benvolio' to='benvolio@montague.lit/street' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='benvolio@montague.lit/street'/>
                    <status code='100'/>
                    <status code='110'/>
                  </x>
                </presence>""");
        List<Registration> seen = h.network.awaitRegistrationsSeen(BENVOLIO, 1, MucHarness.WAIT);
        assertEquals(new Registration(BENVOLIO, Map.of("nick", "benvolio")), seen.get(0));
        assertTrue(h.registrations.find(BENVOLIO).isEmpty(), "never stored");
        // and the room works both ways
        h.receive("""
                <message type='groupchat' from='benvolio@montague.lit/street' to='#verona@fake.shakespeare.lit'
                    id='m2'><body>Part, fools!</body></message>""");
        assertEquals("Part, fools!", h.rooms.awaitSaid(1, MucHarness.WAIT).get(0).body());
    }

    @Test
    void everythingElseStillNeedsARegistration() {
        harness(true);
        h.receive("""
                <message type='chat' from='benvolio@montague.lit/street' to='nurse@fake.shakespeare.lit' id='c1'>
                  <body>hi</body>
                </message>""");
        h.await("""
                <message type='error' from='nurse@fake.shakespeare.lit' to='benvolio@montague.lit/street' id='c1'>
                  <body>hi</body>
                  <error type='auth'>
                    <registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""");
        h.receive("<presence from='benvolio@montague.lit/street' to='fake.shakespeare.lit'/>");
        // the gateway's own presence logs nobody in; a room join afterwards shows the actor was idle
        guestJoins("j2", "benvolio");
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/benvolio' to='benvolio@montague.lit/street' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='benvolio@montague.lit/street'/>
                    <status code='100'/>
                    <status code='110'/>
                  </x>
                </presence>""");
        assertEquals(1, h.network.awaitRegistrationsSeen(BENVOLIO, 1, MucHarness.WAIT).size(),
                "one session only, opened by the room");
    }

    @Test
    void theGuestSessionEndsWithTheLastRoom() {
        harness(true);
        h.join(STREET, "benvolio");
        assertTrue(h.network.isLoggedIn(BENVOLIO));
        h.receive("""
                <presence type='unavailable' from='benvolio@montague.lit/street'
                    to='#verona@fake.shakespeare.lit/benvolio'/>""");
        h.network.awaitLoggedIn(BENVOLIO, false, MucHarness.WAIT);
    }

    @Test
    void aNickTheNetworkRefusesIsAnError() {
        harness(true);
        guestJoins("j3", "ben volio");
        h.await("""
                <presence type='error' from='#verona@fake.shakespeare.lit/ben volio'
                    to='benvolio@montague.lit/street' id='j3'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                  <error type='modify'>
                    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </presence>""");
        assertFalse(h.network.isLoggedIn(BENVOLIO));
    }

    @Test
    void aRegisteredUserIsNotAGuest() {
        harness(true);
        h.join(MucHarness.ORCHARD, "romeo");
        assertEquals(new Registration(MucHarness.ROMEO, Map.of()),
                h.network.awaitRegistrationsSeen(MucHarness.ROMEO, 1, MucHarness.WAIT).get(0));
    }

    @Test
    void aGuestsSelfPingIsAnswered() {
        // XEP-0410: a guest's client pings its rooms like anyone's; registration-required would make it leave
        harness(true);
        h.receive("""
                <iq type='get' from='benvolio@montague.lit/street' to='#verona@fake.shakespeare.lit/benvolio' id='p0'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit/benvolio' to='benvolio@montague.lit/street'
                    id='p0'>
                  <ping xmlns='urn:xmpp:ping'/>
                  <error type='cancel'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        h.join(STREET, "benvolio");
        h.receive("""
                <iq type='get' from='benvolio@montague.lit/street' to='#verona@fake.shakespeare.lit/benvolio' id='p1'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit/benvolio' to='benvolio@montague.lit/street'"
                + " id='p1'/>");
    }

    @Test
    void withoutTheOptionAGuestsPingNeedsRegistration() {
        harness(false);
        h.receive("""
                <iq type='get' from='benvolio@montague.lit/street' to='#verona@fake.shakespeare.lit/benvolio' id='p2'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit/benvolio' to='benvolio@montague.lit/street'
                    id='p2'>
                  <ping xmlns='urn:xmpp:ping'/>
                  <error type='auth'>
                    <registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
    }

    @Test
    void aUserOfAnotherDomainIsNoGuest() {
        // THREATS X2: the option opens rooms to unregistered users of the allowed domains only
        harness(true);
        h.receive("""
                <presence from='tybalt@evil.example/alley' to='#verona@fake.shakespeare.lit/tybalt' id='e1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        // answered in order on the reader thread: once benvolio's join is through, tybalt's was dropped
        h.join(STREET, "benvolio");
        assertEquals(1, h.rooms.joinRequests().size(), h.rooms.joinRequests().toString());
        assertFalse(h.network.isLoggedIn("tybalt@evil.example"));
    }
}
