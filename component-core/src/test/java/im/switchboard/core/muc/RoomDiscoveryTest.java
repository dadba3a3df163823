package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.WAIT;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XEP-0045 sections 6.1, 6.3 and 6.4 (discovery), with XEP-0059 paging of room listings. */
@Timeout(60)
class RoomDiscoveryTest {

    private final MucHarness h = new MucHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aRoomIdentifiesAsAConferenceWithWhatIsTrueOfIt() {
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='d1'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='d1'>
                  <query xmlns='http://jabber.org/protocol/disco#info'>
                    <identity category='conference' type='text' name='#verona'/>
                    <feature var='http://jabber.org/protocol/disco#info'/>
                    <feature var='http://jabber.org/protocol/muc'/>
                    <feature var='http://jabber.org/protocol/muc#roomconfig'/>
                    <feature var='http://jabber.org/protocol/muc#stable_id'/>
                    <feature var='muc_nonanonymous'/>
                    <feature var='urn:xmpp:mam:2'/>
                    <feature var='urn:xmpp:ping'/>
                  </query>
                </iq>""");
    }

    @Test
    void theGatewayAdvertisesMuc() {
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='d2'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""");
        h.out.awaitStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='d2'>
                  <query xmlns='http://jabber.org/protocol/disco#info'>
                    <identity category='gateway' type='fake' name='Fake Network'/>
                    <identity category='conference' type='text' name='Fake Network'/>
                    <feature var='http://jabber.org/protocol/caps'/>
                    <feature var='http://jabber.org/protocol/commands'/>
                    <feature var='http://jabber.org/protocol/disco#info'/>
                    <feature var='http://jabber.org/protocol/disco#items'/>
                    <feature var='http://jabber.org/protocol/muc'/>
                    <feature var='jabber:iq:gateway'/>
                    <feature var='jabber:iq:register'/>
                    <feature var='jabber:iq:version'/>
                    <feature var='urn:xmpp:ping'/>
                  </query>
                </iq>""", WAIT);
    }

    @Test
    void roomListingsArePagedWithRsm() {
        for (String room : new String[] {"alpha", "bravo", "charlie", "delta", "echo"}) {
            h.rooms.create(room);
        }
        h.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        h.network.awaitLoggedIn(MucHarness.ROMEO, true, WAIT);
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='directory@fake.shakespeare.lit' id='l1'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set>
                  </query>
                </iq>""");
        h.await("""
                <iq type='result' from='directory@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l1'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <item jid='#alpha@fake.shakespeare.lit' name='#alpha'/>
                    <item jid='#bravo@fake.shakespeare.lit' name='#bravo'/>
                    <set xmlns='http://jabber.org/protocol/rsm'>
                      <first index='0'>#alpha@fake.shakespeare.lit</first>
                      <last>#bravo@fake.shakespeare.lit</last>
                      <count>5</count>
                    </set>
                  </query>
                </iq>""");
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='directory@fake.shakespeare.lit' id='l2'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <set xmlns='http://jabber.org/protocol/rsm'>
                      <max>2</max><after>#bravo@fake.shakespeare.lit</after>
                    </set>
                  </query>
                </iq>""");
        h.await("""
                <iq type='result' from='directory@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l2'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <item jid='#charlie@fake.shakespeare.lit' name='#charlie'/>
                    <item jid='#delta@fake.shakespeare.lit' name='#delta'/>
                    <set xmlns='http://jabber.org/protocol/rsm'>
                      <first index='2'>#charlie@fake.shakespeare.lit</first>
                      <last>#delta@fake.shakespeare.lit</last>
                      <count>5</count>
                    </set>
                  </query>
                </iq>""");
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='directory@fake.shakespeare.lit' id='l3'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <set xmlns='http://jabber.org/protocol/rsm'><max>10</max><index>4</index></set>
                  </query>
                </iq>""");
        h.await("""
                <iq type='result' from='directory@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l3'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <item jid='#echo@fake.shakespeare.lit' name='#echo'/>
                    <set xmlns='http://jabber.org/protocol/rsm'>
                      <first index='4'>#echo@fake.shakespeare.lit</first>
                      <last>#echo@fake.shakespeare.lit</last>
                      <count>5</count>
                    </set>
                  </query>
                </iq>""");
        // XEP-0059 section 2.5: max 0 asks for the count only.
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='directory@fake.shakespeare.lit' id='l4'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <set xmlns='http://jabber.org/protocol/rsm'><max>0</max></set>
                  </query>
                </iq>""");
        h.await("""
                <iq type='result' from='directory@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l4'>
                  <query xmlns='http://jabber.org/protocol/disco#items'>
                    <set xmlns='http://jabber.org/protocol/rsm'><count>5</count></set>
                  </query>
                </iq>""");
    }

    @Test
    void aListingNeedsALoggedInUser() {
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='directory@fake.shakespeare.lit' id='l5'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                </iq>""");
        h.await("""
                <iq type='error' from='directory@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l5'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                  <error type='wait'>
                    <remote-server-timeout xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
    }
}
