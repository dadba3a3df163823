package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.BALCONY;
import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.ROMEO;
import static im.switchboard.core.muc.MucHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.Role;
import im.switchboard.core.testing.fake.FakeAddress;
import im.switchboard.core.testing.fake.FakeRooms;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * XEP-0045 sections 7.6 (nick changes, 303), 7.7 (presence updates), 7.14 (exit), 8.2 (kick, 307), 8.3-8.6 and
 * 9.1-9.7 (admin items, ban 301), and occupant changes as show/status.
 */
@Timeout(60)
class OccupantsTest {

    private final MucHarness h = new MucHarness();

    @BeforeEach
    void enter() {
        h.rooms.enter("verona", "tybalt");
        h.rooms.operator("verona", ROMEO);
        h.join(ORCHARD, "romeo");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void othersComingGoingAndChangingAreShown() {
        h.rooms.enter("verona", "mercutio");
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/mercutio' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='mercutio@fake.shakespeare.lit'/>
                  </x>
                </presence>""");
        h.rooms.change("verona", new Occupant("mercutio", Role.VISITOR, Affiliation.MEMBER,
                Optional.of(new FakeAddress("mercutio")), Optional.empty(), true, "A plague o' both your houses"));
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/mercutio' to='romeo@montague.lit/orchard' id='*'>
                  <show>away</show>
                  <status>A plague o' both your houses</status>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='member' role='visitor' jid='mercutio@fake.shakespeare.lit'/>
                  </x>
                </presence>""");
        h.rooms.leave("verona", "mercutio", "I am hurt");
        h.await("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/mercutio'
                    to='romeo@montague.lit/orchard' id='*'>
                  <status>I am hurt</status>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='member' role='none' jid='mercutio@fake.shakespeare.lit'/>
                  </x>
                </presence>""");
    }

    @Test
    void aNickChangeIsAnUnavailable303AndAnAvailablePairForEveryResource() {
        // Section 7.6.
        h.join(BALCONY, "romeo");
        h.receive("<presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/montague'/>");
        for (String resource : List.of(ORCHARD, BALCONY)) {
            h.await("""
                    <presence type='unavailable' from='#verona@fake.shakespeare.lit/romeo' to='%s' id='*'>
                      <x xmlns='http://jabber.org/protocol/muc#user'>
                        <item affiliation='admin' role='moderator' jid='%s' nick='montague'/>
                        <status code='110'/>
                        <status code='303'/>
                      </x>
                    </presence>""".formatted(resource, resource));
            h.await("""
                    <presence from='#verona@fake.shakespeare.lit/montague' to='%s' id='*'>
                      <x xmlns='http://jabber.org/protocol/muc#user'>
                        <item affiliation='admin' role='moderator' jid='%s'/>
                        <status code='110'/>
                      </x>
                    </presence>""".formatted(resource, resource));
        }
        assertEquals(List.of("verona montague"), h.rooms.nickChanges());
        // Another occupant's rename: 303 without 110.
        h.rooms.rename("verona", "tybalt", "prince_of_cats");
        h.await("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/tybalt'
                    to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='tybalt@fake.shakespeare.lit'
                        nick='prince_of_cats'/>
                    <status code='303'/>
                  </x>
                </presence>""");
    }

    @Test
    void aNickTakenInTheRoomIsAConflict() {
        h.receive("<presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/tybalt' id='c1'/>");
        h.await("""
                <presence type='error' from='#verona@fake.shakespeare.lit/tybalt' to='romeo@montague.lit/orchard'
                    id='c1'>
                  <error type='cancel' by='#verona@fake.shakespeare.lit'>
                    <conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </presence>""");
        assertTrue(h.rooms.nickChanges().isEmpty());
    }

    @Test
    void aPresenceUpdateIsShownToTheUsersResources() {
        // Section 7.7.
        h.receive("""
                <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo'>
                  <show>xa</show><status>Banished to Mantua</status>
                </presence>""");
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard' id='*'>
                  <show>xa</show>
                  <status>Banished to Mantua</status>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='admin' role='moderator' jid='romeo@montague.lit/orchard'/>
                    <status code='110'/>
                  </x>
                </presence>""");
    }

    @Test
    void leavingFromOneResourceKeepsTheJoinAndTheLastOneLeavesAndLogsOut() {
        // Section 7.14.
        h.join(BALCONY, "romeo");
        h.receive("<presence type='unavailable' from='romeo@montague.lit/balcony'"
                + " to='#verona@fake.shakespeare.lit/romeo'/>");
        h.await("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/romeo'
                    to='romeo@montague.lit/balcony' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='admin' role='none' jid='romeo@montague.lit/balcony'/>
                    <status code='110'/>
                  </x>
                </presence>""");
        assertTrue(h.rooms.nicks("verona").contains("romeo"), "the other resource is still in the room");
        h.receive("<presence type='unavailable' from='romeo@montague.lit/orchard'"
                + " to='#verona@fake.shakespeare.lit/romeo'><status>Farewell</status></presence>");
        h.rooms.awaitMember("verona", ROMEO, false, WAIT);
        // In no room and never online to the gateway: the session ends.
        h.network.awaitLoggedIn(ROMEO, false, WAIT);
        assertFalse(h.rooms.nicks("verona").contains("romeo"));
    }

    @Test
    void aKickIsAnnouncedWith307ActorAndReason() {
        // Section 8.2.
        h.rooms.kick("verona", "tybalt", "romeo", "Thou wretched boy");
        h.await("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/romeo'
                    to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='admin' role='none' jid='romeo@montague.lit/orchard'>
                      <actor nick='tybalt'/>
                      <reason>Thou wretched boy</reason>
                    </item>
                    <status code='110'/>
                    <status code='307'/>
                  </x>
                </presence>""");
        h.network.awaitLoggedIn(ROMEO, false, WAIT);
    }

    @Test
    void adminItemsKickAndBanThroughTheNetwork() {
        // Sections 8.2 (role none) and 9.1 (affiliation outcast); the network answers with the departure.
        h.rooms.enter("verona", "mercutio");
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='k1'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item nick='mercutio' role='none'><reason>Peace</reason></item>
                  </query>
                </iq>""");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='k1'/>");
        h.await("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/mercutio'
                    to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='none' jid='mercutio@fake.shakespeare.lit'>
                      <actor nick='romeo'/>
                      <reason>Peace</reason>
                    </item>
                    <status code='307'/>
                  </x>
                </presence>""");
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='b1'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item jid='tybalt@fake.shakespeare.lit' affiliation='outcast'><reason>Murderer</reason></item>
                  </query>
                </iq>""");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='b1'/>");
        h.await("""
                <presence type='unavailable' from='#verona@fake.shakespeare.lit/tybalt'
                    to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='outcast' role='none' jid='tybalt@fake.shakespeare.lit'>
                      <actor nick='romeo'/>
                      <reason>Murderer</reason>
                    </item>
                    <status code='301'/>
                  </x>
                </presence>""");
        assertEquals(List.of(new FakeRooms.Moderated("verona", ROMEO, new Moderation.Kick("mercutio", "Peace")),
                new FakeRooms.Moderated("verona", ROMEO, new Moderation.Ban("tybalt", "Murderer"))),
                h.rooms.awaitModerations(2, WAIT));
    }

    @Test
    void adminItemsChangeRolesAndAffiliations() {
        // Sections 8.3-8.6 and 9.3-9.7.
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='v1'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item nick='tybalt' role='visitor'/>
                    <item nick='tybalt' affiliation='member'/>
                  </query>
                </iq>""");
        h.await("<iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='v1'/>");
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/tybalt' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='member' role='visitor' jid='tybalt@fake.shakespeare.lit'/>
                  </x>
                </presence>""");
        assertEquals(List.of(new Moderation.SetRole("tybalt", Role.VISITOR),
                new Moderation.SetAffiliation("tybalt", Affiliation.MEMBER)),
                h.rooms.awaitModerations(2, WAIT).stream().map(FakeRooms.Moderated::action).toList());
    }

    @Test
    void badAdminRequestsAreRefused() {
        // An item with both a role and an affiliation, an unknown occupant (mapped legacy error), a non-occupant.
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='e1'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item nick='tybalt' role='none' affiliation='outcast'/>
                  </query>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='e1'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item nick='tybalt' role='none' affiliation='outcast'/>
                  </query>
                  <error type='modify'>
                    <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='e2'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item nick='paris' role='none'/></query>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='e2'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item nick='paris' role='none'/></query>
                  <error type='wait'>
                    <recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        h.receive("""
                <iq type='set' from='juliet@capulet.lit/chamber' to='#verona@fake.shakespeare.lit' id='e3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item nick='tybalt' role='none'/></query>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='juliet@capulet.lit/chamber' id='e3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item nick='tybalt' role='none'/></query>
                  <error type='cancel'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
    }
}
