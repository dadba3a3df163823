package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.BALCONY;
import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.ROMEO;
import static im.switchboard.core.muc.MucHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.fake.FakeRooms;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * XEP-0045 sections 7.4 (messages, reflections), 7.5 (private messages), 7.8.2 (mediated invitations) and 8.1
 * (subject), with XEP-0203 delays, XEP-0359 stanza ids and THREATS X6 (illegal characters).
 */
@Timeout(60)
class RoomMessagesTest {

    private final MucHarness h = new MucHarness();

    @BeforeEach
    void enter() {
        h.rooms.enter("verona", "nurse");
        h.join(ORCHARD, "romeo");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aGroupchatMessageIsReflectedWithItsOwnIdToEveryResource() {
        h.join(BALCONY, "romeo");
        h.receive("""
                <message type='groupchat' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit'
                    id='m1'><body>Did my heart love till now?</body></message>""");
        assertEquals(List.of(new FakeRooms.Said("verona", ROMEO, "romeo", "Did my heart love till now?", "m1")),
                h.rooms.awaitSaid(1, WAIT));
        for (String resource : List.of(ORCHARD, BALCONY)) {
            h.await("""
                    <message type='groupchat' from='#verona@fake.shakespeare.lit/romeo' to='%s' id='m1'>
                      <body>Did my heart love till now?</body>
                      <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='fake-1'/>
                    </message>""".formatted(resource));
        }
    }

    @Test
    void aMessageFromTheRoomCarriesItsDelayAndIdAndNoIllegalCharacters() {
        h.rooms.say("verona", "nurse", "\u0002Anon\u0000, anon!\uFFFE", Optional.of(Instant.parse(
                "2026-07-01T10:15:30Z")));
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/orchard'
                    id='*'>
                  <body>Anon, anon!</body>
                  <delay xmlns='urn:xmpp:delay' from='#verona@fake.shakespeare.lit' stamp='2026-07-01T10:15:30Z'/>
                  <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='fake-1'/>
                </message>""");
    }

    @Test
    void aNonOccupantsGroupchatMessageIsNotAcceptable() {
        // Section 7.4: the service does not route it.
        h.receive("""
                <message type='groupchat' from='juliet@capulet.lit/chamber' to='#verona@fake.shakespeare.lit'
                    id='x1'><body>Wherefore art thou</body></message>""");
        h.await("""
                <message type='error' from='#verona@fake.shakespeare.lit' to='juliet@capulet.lit/chamber' id='x1'>
                  <body>Wherefore art thou</body>
                  <error type='cancel' by='#verona@fake.shakespeare.lit'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""");
        assertEquals(0, h.rooms.awaitSaid(0, WAIT).size());
    }

    @Test
    void aPrivateMessageGoesToTheOccupantsLegacyContact() {
        // Section 7.5.
        h.receive("""
                <message type='chat' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/nurse'
                    id='p1'><body>Commend me to thy lady</body></message>""");
        assertEquals(new FakeNetwork.Received(ROMEO, "Commend me to thy lady", "p1", false),
                h.network.awaitReceived("nurse", 1, WAIT).getFirst());
    }

    @Test
    void privateMessagesNeedAnOccupantAndGroupchatToAnOccupantIsABadRequest() {
        h.receive("""
                <message type='chat' from='romeo@montague.lit/balcony' to='#verona@fake.shakespeare.lit/nurse'
                    id='p2'><body>Hello</body></message>""");
        h.await("""
                <message type='error' from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/balcony'
                    id='p2'>
                  <body>Hello</body>
                  <error type='cancel' by='#verona@fake.shakespeare.lit'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""");
        h.receive("""
                <message type='groupchat' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/nurse'
                    id='p3'><body>Hello</body></message>""");
        h.await("""
                <message type='error' from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/orchard'
                    id='p3'>
                  <body>Hello</body>
                  <error type='modify' by='#verona@fake.shakespeare.lit'>
                    <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""");
        assertEquals(0, h.network.received("nurse").size());
    }

    @Test
    void theUserChangesTheSubjectAndEveryoneSeesIt() {
        // Section 8.1: a groupchat message with a subject and no body.
        h.receive("""
                <message type='groupchat' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit'
                    id='s1'><subject>Fair Verona</subject></message>""");
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                    id='*'><subject>Fair Verona</subject></message>""");
        h.rooms.setTopic("verona", "", "Where we lay our scene");
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard'
                    id='*'><subject>Where we lay our scene</subject></message>""");
    }

    @Test
    void invitationsGoBothWays() throws Exception {
        // Section 7.8.2: the user's mediated invitation names a contact of this gateway.
        h.receive("""
                <message from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='i1'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <invite to='mercutio@fake.shakespeare.lit'><reason>Come to the feast</reason></invite>
                  </x>
                </message>""");
        assertEquals(List.of(new FakeRooms.Invitation("verona", ROMEO, "mercutio", "Come to the feast")),
                h.rooms.awaitInvitations(1, WAIT));
        h.rooms.invite("tybalt", ROMEO, "capulets", "A word with you");
        h.await("""
                <message from='#capulets@fake.shakespeare.lit' to='romeo@montague.lit' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <invite from='tybalt@fake.shakespeare.lit'><reason>A word with you</reason></invite>
                  </x>
                </message>""");
    }

    @Test
    void anInvitationToAnAddressOutsideTheGatewayIsJidMalformed() {
        h.receive("""
                <message from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='i2'>
                  <x xmlns='http://jabber.org/protocol/muc#user'><invite to='benvolio@montague.lit'/></x>
                </message>""");
        h.out.awaitStanza("""
                <message type='error' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='i2'>
                  <x xmlns='http://jabber.org/protocol/muc#user'><invite to='benvolio@montague.lit'/></x>
                  <error type='modify' by='#verona@fake.shakespeare.lit'>
                    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""", WAIT);
    }
}
