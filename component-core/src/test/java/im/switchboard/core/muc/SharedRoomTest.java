package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.JULIET;
import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Message;

/** Two gateway users in one room (THREATS I10: no duplicates), and a bridge without rooms. */
@Timeout(60)
class SharedRoomTest {

    private final MucHarness h = new MucHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void twoGatewayUsersEachGetEveryMessageOnceAndSeeEachOther() {
        h.join(ORCHARD, "romeo");
        h.join(JULIET, "juliet");
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/juliet' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='juliet@fake.shakespeare.lit'/>
                  </x>
                </presence>""");
        h.receive("""
                <message type='groupchat' from='juliet@capulet.lit/chamber' to='#verona@fake.shakespeare.lit'
                    id='j1'><body>O Romeo, Romeo</body></message>""");
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit/juliet' to='juliet@capulet.lit/chamber'
                    id='j1'><body>O Romeo, Romeo</body>
                  <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='*'/></message>""");
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit/juliet' to='romeo@montague.lit/orchard'
                    id='*'><body>O Romeo, Romeo</body>
                  <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='*'/></message>""");
        h.rooms.say("verona", "nurse", "Madam!", java.util.Optional.empty());
        h.out.awaitCount(p -> p instanceof Message m && "Madam!".equals(m.getBody()), 2, WAIT);
        assertEquals(1, h.out.matching(p -> p instanceof Message m && "O Romeo, Romeo".equals(m.getBody())
                && ORCHARD.equals(m.getTo().toString())).size());
        assertEquals(1, h.out.matching(p -> p instanceof Message m && "O Romeo, Romeo".equals(m.getBody())
                && JULIET.equals(m.getTo().toString())).size());
    }

    @Test
    void aBridgeWithoutRoomsRefusesJoins() throws Exception {
        RecordingStanzaOutput out = new RecordingStanzaOutput();
        InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
        registrations.save(new Registration(MucHarness.ROMEO, Map.of()));
        GatewayComponent component = new GatewayComponent(new FakeBridge(new FakeNetwork(),
                EnumSet.of(Capability.CHAT_STATES)), registrations,
                GatewaySettings.of(MucHarness.DOMAIN, Set.of("montague.lit")));
        component.start(out);
        try {
            component.packetReceived(Stanzas.parse("""
                    <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo' id='r1'>
                      <x xmlns='http://jabber.org/protocol/muc'/>
                    </presence>"""));
            out.awaitStanza("""
                    <presence type='error' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                        id='r1'>
                      <x xmlns='http://jabber.org/protocol/muc'/>
                      <error type='cancel'>
                        <feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                        <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                      </error>
                    </presence>""", WAIT);
        } finally {
            component.close();
        }
    }
}
