package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.BALCONY;
import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.ROMEO;
import static im.switchboard.core.muc.MucHarness.WAIT;
import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.RoomJoin;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Packet;

/** XEP-0045 section 7.2 (entering a room): the join sequence, shared joins of several resources and errors. */
@Timeout(60)
class EnteringRoomsTest {

    private final MucHarness h = new MucHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aJoinLogsInAndSendsOccupantsSelfHistoryAndSubjectInThatOrder() {
        // Section 7.2.3: no presence to the gateway first; the join itself opens the user's session (Biboumi).
        h.rooms.enter("verona", "nurse");
        h.rooms.enter("verona", "tybalt");
        h.rooms.setTopic("verona", "nurse", "Two households, both alike in dignity");
        List<Packet> join = h.join(ORCHARD, "romeo");
        assertTrue(h.network.isLoggedIn(ROMEO));
        assertEquals(List.of(new RoomJoin(new im.switchboard.core.testing.fake.FakeRoom("verona"), "romeo",
                Optional.empty())), h.rooms.joinRequests());
        assertEquals(4, join.size(), join.toString());
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='nurse@fake.shakespeare.lit'/>
                  </x>
                </presence>""", join.get(0));
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/tybalt' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='tybalt@fake.shakespeare.lit'/>
                  </x>
                </presence>""", join.get(1));
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='romeo@montague.lit/orchard'/>
                    <status code='100'/>
                    <status code='110'/>
                  </x>
                </presence>""", join.get(2));
        assertStanza("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/orchard'
                    id='*'>
                  <subject>Two households, both alike in dignity</subject>
                </message>""", join.get(3));
    }

    @Test
    void aRoomWithoutSubjectStillSendsAnEmptySubject() {
        // Section 7.2.15: the subject message is always sent; empty when there is none.
        List<Packet> join = h.join(ORCHARD, "romeo");
        assertStanza("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='*'>
                  <subject/>
                </message>""", join.getLast());
    }

    @Test
    void aSecondResourceSharesTheLegacyJoinAndIsAnsweredAtOnce() {
        h.rooms.enter("verona", "nurse");
        h.join(ORCHARD, "romeo");
        List<Packet> second = h.join(BALCONY, "romeo");
        assertEquals(1, h.rooms.joinRequests().size(), "one legacy join for both resources");
        assertEquals(3, second.size(), second.toString());
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/balcony' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='romeo@montague.lit/balcony'/>
                    <status code='100'/>
                    <status code='110'/>
                  </x>
                </presence>""", second.get(1));
        // Both resources hear the room from now on.
        h.rooms.say("verona", "nurse", "Romeo! Romeo!", Optional.empty());
        for (String resource : List.of(ORCHARD, BALCONY)) {
            h.await("""
                    <message type='groupchat' from='#verona@fake.shakespeare.lit/nurse' to='%s' id='*'>
                      <body>Romeo! Romeo!</body>
                      <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='*'/>
                    </message>""".formatted(resource));
        }
    }

    @Test
    void aSecondResourceAskingForAnotherNickEntersUnderTheSharedNickWith210() {
        h.join(ORCHARD, "romeo");
        List<Packet> second = h.join(BALCONY, "montague");
        assertEquals(1, h.rooms.joinRequests().size());
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/balcony' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='romeo@montague.lit/balcony'/>
                    <status code='100'/>
                    <status code='110'/>
                    <status code='210'/>
                  </x>
                </presence>""", second.getFirst());
    }

    @Test
    void aNickTheNetworkChangesIsAnnouncedWith210() {
        h.rooms.forceNick(ROMEO, "romeo_");
        List<Packet> join = h.join(ORCHARD, "romeo");
        assertStanza("""
                <presence from='#verona@fake.shakespeare.lit/romeo_' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='romeo@montague.lit/orchard'/>
                    <status code='100'/>
                    <status code='110'/>
                    <status code='210'/>
                  </x>
                </presence>""", join.getFirst());
    }

    @Test
    void aJoinFromAJoinedResourceIsAnsweredWithTheWholeJoinAgain() {
        // Section 7.2.1, last paragraph: the client lost track of the room.
        h.rooms.enter("verona", "nurse");
        h.join(ORCHARD, "romeo");
        List<Packet> again = h.join(ORCHARD, "romeo");
        assertEquals(3, again.size(), again.toString());
        assertEquals(1, h.rooms.joinRequests().size());
    }

    @Test
    void aJoinWithoutNickIsJidMalformed() {
        h.receive("""
                <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='n1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        h.await("""
                <presence type='error' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='n1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                  <error type='modify' by='#verona@fake.shakespeare.lit'>
                    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </presence>""");
        assertTrue(h.rooms.joinRequests().isEmpty());
    }

    @Test
    void presenceWithoutMucElementFromANonOccupantIsAnsweredWithAKick() {
        // Section 7.2.2 (groupchat 1.0): 110, 307 and 333 tell the client it is not in the room.
        h.receive("<presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo'/>");
        h.await("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/romeo'
                    to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='none'><reason>You are not in the room.</reason></item>
                    <status code='110'/>
                    <status code='307'/>
                    <status code='333'/>
                  </x>
                </presence>""");
        assertTrue(h.rooms.joinRequests().isEmpty());
    }

    @Test
    void aNickInUseIsAConflict() {
        // Section 7.2.9.
        h.rooms.enter("verona", "romeo");
        assertJoinError("<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>", "cancel");
    }

    @Test
    void aBannedUserIsForbidden() {
        // Section 7.2.7.
        h.rooms.ban("verona", ROMEO);
        assertJoinError("<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>", "auth");
    }

    @Test
    void aWrongPasswordIsNotAuthorized() {
        // Section 7.2.6: the password is the channel key.
        h.rooms.key("verona", "capulet");
        assertJoinError("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>", "auth");
        h.receive("""
                <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo'>
                  <x xmlns='http://jabber.org/protocol/muc'><password>capulet</password></x>
                </presence>""");
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='*'>
                  <subject/>
                </message>""");
    }

    @Test
    void joinFailureMappingCoversEverySection72Error() {
        assertEquals("conflict", condition(im.switchboard.core.spi.RoomJoinFailure.NICK_IN_USE));
        assertEquals("forbidden", condition(im.switchboard.core.spi.RoomJoinFailure.BANNED));
        assertEquals("registration-required", condition(im.switchboard.core.spi.RoomJoinFailure.INVITE_ONLY));
        assertEquals("service-unavailable", condition(im.switchboard.core.spi.RoomJoinFailure.FULL));
        assertEquals("not-authorized", condition(im.switchboard.core.spi.RoomJoinFailure.BAD_PASSWORD));
        assertEquals("item-not-found", condition(im.switchboard.core.spi.RoomJoinFailure.NOT_FOUND));
        assertEquals("not-acceptable", condition(im.switchboard.core.spi.RoomJoinFailure.NOT_ACCEPTABLE));
        assertEquals("remote-server-not-found", condition(im.switchboard.core.spi.RoomJoinFailure.NOT_CONNECTED));
        assertEquals("wait", UserRooms.joinError(im.switchboard.core.spi.RoomJoinFailure.FULL, "").type().toXMPP());
    }

    private static String condition(im.switchboard.core.spi.RoomJoinFailure failure) {
        return UserRooms.joinError(failure, "").condition().toXMPP();
    }

    private void assertJoinError(String condition, String type) {
        h.receive("""
                <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo' id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        h.await("""
                <presence type='error' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                    id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                  <error type='%s' by='#verona@fake.shakespeare.lit'>
                    %s
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </presence>""".formatted(type, condition));
        // Not in any room and not online to the gateway: the session that the join opened is closed again.
        h.network.awaitLoggedIn(ROMEO, false, WAIT);
    }
}
