package im.switchboard.core.muc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import im.switchboard.core.GatewaySettings;
import im.switchboard.core.testing.fake.FakeBridge;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Room listings (XEP-0045 section 6.3, paged with XEP-0059) for unregistered users of an allowed domain when the
 * admin lets them use rooms ({@code [gateway] rooms-for-unregistered}): answered through a guest session opened
 * for the listing, with the JID's local part as the nick. Without the option they still need a registration.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuestRoomListingTest {

    private static final String BENVOLIO = "benvolio@montague.lit";
    private MucHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private void harness(boolean guests) {
        h = new MucHarness(s -> s.withRooms(new GatewaySettings.RoomOptions(Duration.ofSeconds(60), guests)));
        for (String room : new String[] {"alpha", "bravo", "charlie"}) {
            h.rooms.create(room);
        }
    }

    private void list(String id, String set) {
        h.receive("""
                <iq type='get' from='benvolio@montague.lit/street' to='directory@fake.shakespeare.lit' id='%s'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>%s</query>
                </iq>""".formatted(id, set));
    }

    @Test
    void aGuestListsRoomsThroughASessionOpenedForIt() {
        harness(true);
        list("g1", "<set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set>");
        h.await("""
                <iq type='result' from='directory@fake.shakespeare.lit' to='benvolio@montague.lit/street' id='g1'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <item jid='#alpha@fake.shakespeare.lit' name='#alpha'/>
                    <item jid='#bravo@fake.shakespeare.lit' name='#bravo'/>
                    <set xmlns='http://jabber.org/protocol/rsm'>
                      <first index='0'>#alpha@fake.shakespeare.lit</first>
                      <last>#bravo@fake.shakespeare.lit</last>
                      <count>3</count>
                    </set>
                  </query>
                </iq>""");
        // The guest's ephemeral registration carries the JID's local part as the nick; it is never stored.
        assertEquals("benvolio", h.network.awaitRegistrationsSeen(BENVOLIO, 1, MucHarness.WAIT).getFirst()
                .fields().get(FakeBridge.NICK));
        assertFalse(h.registrations.find(BENVOLIO).isPresent());
        // The next page goes through the same session: no second log-in.
        list("g2", "<set xmlns='http://jabber.org/protocol/rsm'><max>2</max>"
                + "<after>#bravo@fake.shakespeare.lit</after></set>");
        h.await("""
                <iq type='result' from='directory@fake.shakespeare.lit' to='benvolio@montague.lit/street' id='g2'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <item jid='#charlie@fake.shakespeare.lit' name='#charlie'/>
                    <set xmlns='http://jabber.org/protocol/rsm'>
                      <first index='2'>#charlie@fake.shakespeare.lit</first>
                      <last>#charlie@fake.shakespeare.lit</last>
                      <count>3</count>
                    </set>
                  </query>
                </iq>""");
        assertEquals(1, h.network.loginAttempts().stream().filter(BENVOLIO::equals).count());
    }

    @Test
    void withoutTheOptionAListingStillNeedsARegistration() {
        harness(false);
        list("g3", "");
        h.await("""
                <iq type='error' from='directory@fake.shakespeare.lit' to='benvolio@montague.lit/street' id='g3'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                  <error type='auth'>
                    <registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        assertFalse(h.network.isLoggedIn(BENVOLIO));
    }

    @Test
    void aNickTheNetworkRefusesIsTheListingsError() {
        harness(true);
        h.receive("""
                <iq type='get' from='ben\\20volio@montague.lit/street' to='directory@fake.shakespeare.lit' id='g4'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                </iq>""");
        h.await("""
                <iq type='error' from='directory@fake.shakespeare.lit' to='ben\\20volio@montague.lit/street' id='g4'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                  <error type='modify'>
                    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>nick: no spaces on the fake network</text>
                  </error>
                </iq>""");
    }
}
