package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.WAIT;
import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.history.NoRoomHistory;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/** XEP-0313 section 6, querying a room's archive, answered from the user's room history. */
@Timeout(60)
class MucArchiveTest {

    private static final Instant T0 = Instant.parse("2020-07-01T10:00:00Z");
    private static final String MAM = "urn:xmpp:mam:2";

    private MucHarness h = new MucHarness();
    /** The stanza ids the live messages carried, in order. */
    private List<String> liveIds;

    @BeforeEach
    void fourLinesAreSaid() {
        h.rooms.enter("verona", "nurse");
        h.rooms.enter("verona", "tybalt");
        h.join(ORCHARD, "romeo");
        h.rooms.say("verona", "nurse", "line 1", Optional.of(T0.plusSeconds(60)));
        h.rooms.say("verona", "tybalt", "line 2", Optional.of(T0.plusSeconds(120)));
        // A network that gives no msgid: the room gives the message an id of its own.
        h.rooms.sayWithoutId("verona", "nurse", "line 3", Optional.of(T0.plusSeconds(180)));
        h.rooms.say("verona", "tybalt", "line 4", Optional.of(T0.plusSeconds(240)));
        liveIds = h.out.awaitCount(p -> p instanceof Message m && m.getBody() != null
                        && ORCHARD.equals(m.getTo().toString()), 4, WAIT).stream()
                .filter(p -> p instanceof Message m && m.getBody() != null && ORCHARD.equals(m.getTo().toString()))
                .map(p -> p.getElement().element(QName.get("stanza-id", "urn:xmpp:sid:0")))
                .map(e -> e == null ? null : e.attributeValue("id")).toList();
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** Sends a query with {@code inner} (form, set) and returns the results and the final IQ reply. */
    private List<Packet> query(String from, String id, String inner) {
        return query(h, from, id, inner);
    }

    private static List<Packet> query(MucHarness harness, String from, String id, String inner) {
        int before = harness.out.packets().size();
        harness.receive("""
                <iq type='set' from='%s' to='#verona@fake.shakespeare.lit' id='%s'>
                  <query xmlns='urn:xmpp:mam:2' queryid='q-%s'>%s</query>
                </iq>""".formatted(from, id, id, inner));
        harness.out.await(p -> p instanceof IQ iq && id.equals(iq.getID()), WAIT);
        List<Packet> all = harness.out.packets();
        return all.subList(before, all.size()).stream().filter(p -> from.equals(String.valueOf(p.getTo())))
                .filter(p -> p instanceof IQ iq ? id.equals(iq.getID()) : p.getElement().element("result") != null)
                .toList();
    }

    private static List<String> resultIds(List<Packet> answer) {
        return answer.stream().filter(Message.class::isInstance)
                .map(p -> p.getElement().element(QName.get("result", MAM)).attributeValue("id")).toList();
    }

    private static List<String> bodies(List<Packet> answer) {
        return answer.stream().filter(Message.class::isInstance)
                .map(p -> p.getElement().element(QName.get("result", MAM)).element("forwarded").element("message")
                        .elementText("body")).toList();
    }

    private static Element fin(List<Packet> answer) {
        Packet last = answer.getLast();
        assertTrue(last instanceof IQ, "the IQ result comes after the results: " + last.toXML());
        return ((IQ) last).getChildElement();
    }

    @Test
    void everyLiveMessageCarriesAStanzaIdAndTheRoomAdvertisesTheArchive() {
        assertEquals(4, liveIds.size());
        liveIds.forEach(id -> assertNotNull(id, "XEP-0313 section 5: an archived message carries its stanza-id"));
        assertEquals("fake-1", liveIds.get(0));
        assertEquals(4, liveIds.stream().distinct().count());
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='d1'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""");
        Packet info = h.out.await(p -> p instanceof IQ iq && "d1".equals(iq.getID()), WAIT);
        String xml = info.toXML();
        assertTrue(xml.contains("var=\"urn:xmpp:mam:2\""), xml);
        // before-id, after-id, ids, metadata: not offered, so not advertised (section 8).
        assertFalse(xml.contains("urn:xmpp:mam:2#extended"), xml);
    }

    @Test
    void theFormListsTheFieldsThisArchiveUnderstands() {
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='f1'>
                  <query xmlns='urn:xmpp:mam:2'/>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='f1'>
                  <query xmlns='urn:xmpp:mam:2'>
                    <x xmlns='jabber:x:data' type='form'>
                      <field type='hidden' var='FORM_TYPE'><value>urn:xmpp:mam:2</value></field>
                      <field type='jid-single' var='with'/>
                      <field type='text-single' var='start'/>
                      <field type='text-single' var='end'/>
                    </x>
                  </query>
                </iq>""");
    }

    @Test
    void aQueryReturnsTheArchiveAsForwardedMessagesThenFin() {
        List<Packet> answer = query(ORCHARD, "a1", "");
        assertEquals(liveIds, resultIds(answer));
        assertStanza("""
                <message from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='*'>
                  <result xmlns='urn:xmpp:mam:2' queryid='q-a1' id='fake-1'>
                    <forwarded xmlns='urn:xmpp:forward:0'>
                      <delay xmlns='urn:xmpp:delay' stamp='2020-07-01T10:01:00Z'/>
                      <message xmlns='jabber:client' from='#verona@fake.shakespeare.lit/nurse' type='groupchat'
                          id='fake-1'>
                        <body>line 1</body>
                        <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='fake-1'/>
                      </message>
                    </forwarded>
                  </result>
                </message>""", answer.getFirst());
        assertStanza("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='a1'>
                  <fin xmlns='urn:xmpp:mam:2' complete='true'>
                    <set xmlns='http://jabber.org/protocol/rsm'>
                      <first>fake-1</first>
                      <last>%s</last>
                      <count>4</count>
                    </set>
                  </fin>
                </iq>""".formatted(liveIds.get(3)), answer.getLast());
    }

    @Test
    void theLastPageThenEarlierPagesAndFlippedPages() {
        // Section 4.3.3: an empty <before/> is the last page; results still oldest first.
        List<Packet> last = query(ORCHARD, "p1", """
                <set xmlns='http://jabber.org/protocol/rsm'><max>2</max><before/></set>""");
        assertEquals(List.of("line 3", "line 4"), bodies(last));
        assertEquals("false", fin(last).attributeValue("complete"));
        String first = fin(last).element("set").elementText("first");
        assertEquals(liveIds.get(2), first);
        List<Packet> earlier = query(ORCHARD, "p2", """
                <set xmlns='http://jabber.org/protocol/rsm'><max>2</max><before>%s</before></set>
                <flip-page/>""".formatted(first));
        // Section 4.3.4: a flipped page is sent newest first; the page itself is the same.
        assertEquals(List.of("line 2", "line 1"), bodies(earlier));
        assertEquals("true", fin(earlier).attributeValue("complete"));
        List<Packet> next = query(ORCHARD, "p3", """
                <set xmlns='http://jabber.org/protocol/rsm'><max>2</max><after>fake-1</after></set>""");
        assertEquals(List.of("line 2", "line 3"), bodies(next));
        assertEquals("false", fin(next).attributeValue("complete"));
    }

    @Test
    void startEndAndWithFilterTheResults() {
        List<Packet> tybalt = query(ORCHARD, "w1", """
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>
                  <field var='with'><value>#verona@fake.shakespeare.lit/tybalt</value></field>
                </x>""");
        assertEquals(List.of("line 2", "line 4"), bodies(tybalt));
        List<Packet> window = query(ORCHARD, "w2", """
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>
                  <field var='start'><value>2020-07-01T10:02:00Z</value></field>
                  <field var='end'><value>2020-07-01T12:03:00+02:00</value></field>
                </x>""");
        assertEquals(List.of("line 2", "line 3"), bodies(window));
        // The room's bare JID matches every message; another entity none (section 4.1.1).
        assertEquals(4, bodies(query(ORCHARD, "w3", """
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='with'><value>#verona@fake.shakespeare.lit</value></field>
                </x>""")).size());
        List<Packet> other = query(ORCHARD, "w4", """
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='with'><value>juliet@capulet.lit</value></field>
                </x>""");
        assertEquals(List.of(), bodies(other));
        assertEquals("true", fin(other).attributeValue("complete"));
    }

    @Test
    void errorsForUnknownIdsFieldsAndMalformedValues() {
        // Section 4.3.1: an unknown after/before UID is item-not-found.
        assertError(query(ORCHARD, "e1", """
                <set xmlns='http://jabber.org/protocol/rsm'><after>no-such-id</after></set>"""), "item-not-found");
        // Section 4.1.4: a field this archive does not know (before-id is #extended) is feature-not-implemented.
        assertError(query(ORCHARD, "e2", """
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='before-id'><value>fake-2</value></field>
                </x>"""), "feature-not-implemented");
        assertError(query(ORCHARD, "e3", """
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='start'><value>yesterday</value></field>
                </x>"""), "bad-request");
        assertError(query(ORCHARD, "e4", """
                <set xmlns='http://jabber.org/protocol/rsm'><max>-1</max></set>"""), "bad-request");
        assertError(query(ORCHARD, "e5", """
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:1</value></field>
                </x>"""), "bad-request");
    }

    @Test
    void onlyUsersWhoMayUseRoomsReadAnArchiveAndEachReadsTheirOwn() {
        // Juliet is registered but was not in the room: her archive of it is empty, never Romeo's.
        List<Packet> juliet = query("juliet@capulet.lit/chamber", "u1", "");
        assertEquals(List.of(), bodies(juliet));
        assertStanza("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='juliet@capulet.lit/chamber' id='u1'>
                  <fin xmlns='urn:xmpp:mam:2' complete='true'>
                    <set xmlns='http://jabber.org/protocol/rsm'><count>0</count></set>
                  </fin>
                </iq>""", juliet.getLast());
        // Section 9: no right to enter (unregistered, guests not allowed) is forbidden.
        assertError(query("benvolio@montague.lit/street", "u2", ""), "forbidden");
    }

    @Test
    void guestsMayReadTheirOwnArchiveWhenUnregisteredUsersMayUseRooms() {
        h.close();
        h = new MucHarness(s -> s.withRooms(new GatewaySettings.RoomOptions(Duration.ofSeconds(60), true)));
        List<Packet> guest = query(h, "benvolio@montague.lit/street", "g1", "");
        assertEquals("result", guest.getLast().getElement().attributeValue("type"));
        assertEquals("true", fin(guest).attributeValue("complete"));
    }

    @Test
    void withoutHistoryThereIsNoArchive() throws Exception {
        InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
        registrations.save(new Registration(MucHarness.ROMEO, Map.of()));
        RecordingStanzaOutput out = new RecordingStanzaOutput();
        GatewayComponent component = new GatewayComponent(new FakeBridge(new FakeNetwork()), registrations,
                GatewaySettings.of(MucHarness.DOMAIN, Set.of("montague.lit")), NoRoomHistory.INSTANCE);
        try {
            component.start(out);
            component.packetReceived(im.switchboard.core.testing.stanza.Stanzas.parse("""
                    <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='n1'>
                      <query xmlns='http://jabber.org/protocol/disco#info'/>
                    </iq>"""));
            String info = out.await(p -> p instanceof IQ iq && "n1".equals(iq.getID()), WAIT).toXML();
            assertTrue(info.contains("http://jabber.org/protocol/muc"), info);
            assertFalse(info.contains(MAM), info);
            component.packetReceived(im.switchboard.core.testing.stanza.Stanzas.parse("""
                    <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='n2'>
                      <query xmlns='urn:xmpp:mam:2'/>
                    </iq>"""));
            Packet reply = out.await(p -> p instanceof IQ iq && "n2".equals(iq.getID()), WAIT);
            assertEquals("error", reply.getElement().attributeValue("type"));
            assertNotNull(reply.getElement().element("error").element(
                    QName.get("service-unavailable", "urn:ietf:params:xml:ns:xmpp-stanzas")), reply.toXML());
        } finally {
            component.close();
        }
    }

    @Test
    void anArchiveIsOnTheRoomsBareJidOnly() {
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='nurse@fake.shakespeare.lit' id='o1'>
                  <query xmlns='urn:xmpp:mam:2'/>
                </iq>""");
        Packet reply = h.out.await(p -> p instanceof IQ iq && "o1".equals(iq.getID()), WAIT);
        assertEquals("error", reply.getElement().attributeValue("type"), reply.toXML());
        assertTrue(reply.toXML().contains("service-unavailable"), reply.toXML());
    }

    private static void assertError(List<Packet> answer, String condition) {
        Packet reply = answer.getLast();
        assertEquals("error", reply.getElement().attributeValue("type"), reply.toXML());
        assertNotNull(reply.getElement().element("error").element(
                QName.get(condition, "urn:ietf:params:xml:ns:xmpp-stanzas")), reply.toXML());
        assertEquals(1, answer.size(), "no results before an error");
    }
}
