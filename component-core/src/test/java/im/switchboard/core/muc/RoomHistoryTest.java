package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.BALCONY;
import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.ROMEO;
import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/** XEP-0045 section 7.2.14 (discussion history) with XEP-0203 delays, replayed from the gateway's memory. */
@Timeout(60)
class RoomHistoryTest {

    private static final Instant T0 = Instant.parse("2020-07-01T10:00:00Z");

    private final MucHarness h = new MucHarness();

    @BeforeEach
    void enterAndListen() {
        h.rooms.enter("verona", "nurse");
        h.join(ORCHARD, "romeo");
        for (int i = 1; i <= 5; i++) {
            h.rooms.say("verona", "nurse", "line " + i, Optional.of(T0.plusSeconds(60L * i)));
        }
        h.out.awaitCount(p -> p instanceof Message m && m.getBody() != null && ORCHARD.equals(m.getTo().toString()),
                5, MucHarness.WAIT);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void historyComesAfterTheSelfPresenceAndBeforeTheSubjectWithDelays() {
        List<Packet> join = joinWith("<history maxstanzas='2'/>");
        assertEquals(List.of("presence", "presence", "message", "message", "message"),
                join.stream().map(p -> p.getElement().getName()).toList());
        assertStanza("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit/nurse' to='romeo@montague.lit/balcony'
                    id='*'>
                  <body>line 4</body>
                  <delay xmlns='urn:xmpp:delay' from='#verona@fake.shakespeare.lit' stamp='2020-07-01T10:04:00Z'/>
                  <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='fake-4'/>
                </message>""", join.get(2));
        assertEquals("line 5", ((Message) join.get(3)).getBody());
        assertEquals("", ((Message) join.get(4)).getSubject());
    }

    @Test
    void maxcharsSecondsAndSinceLimitTheReplay() {
        // "line N" is 6 characters: 13 allows two entries.
        assertEquals(List.of("line 4", "line 5"), bodies(joinWith("<history maxchars='13'/>")));
        leave();
        assertEquals(List.of("line 3", "line 4", "line 5"),
                bodies(joinWith("<history since='2020-07-01T10:03:00Z'/>")));
        leave();
        // Everything was said long before the last minute.
        assertEquals(List.of(), bodies(joinWith("<history seconds='60'/>")));
        leave();
        assertEquals(List.of(), bodies(joinWith("<history maxstanzas='0'/>")));
        leave();
        assertEquals(List.of("line 1", "line 2", "line 3", "line 4", "line 5"), bodies(joinWith("")));
    }

    @Test
    void theUsersOwnMessagesArePartOfTheHistory() {
        h.receive("""
                <message type='groupchat' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit'
                    id='own'><body>She speaks</body></message>""");
        h.rooms.awaitSaid(1, MucHarness.WAIT);
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                    id='own'><body>She speaks</body><stanza-id xmlns='urn:xmpp:sid:0'
                    by='#verona@fake.shakespeare.lit' id='*'/></message>""");
        assertEquals(List.of("line 5", "She speaks"), bodies(joinWith("<history maxstanzas='2'/>")));
        assertEquals(6, h.history.recent(ROMEO, "#verona@fake.shakespeare.lit",
                im.switchboard.core.history.HistoryLimit.upTo(100)).size());
    }

    private List<Packet> joinWith(String history) {
        int before = h.roomStanzasTo(BALCONY).size();
        int subjects = subjects();
        h.receive("""
                <presence from='romeo@montague.lit/balcony' to='#verona@fake.shakespeare.lit/romeo'>
                  <x xmlns='http://jabber.org/protocol/muc'>%s</x>
                </presence>""".formatted(history));
        h.out.awaitCount(p -> p instanceof Message m && BALCONY.equals(m.getTo().toString())
                && m.getSubject() != null, subjects + 1, MucHarness.WAIT);
        List<Packet> all = h.roomStanzasTo(BALCONY);
        return all.subList(before, all.size());
    }

    private int subjects() {
        return h.out.matching(p -> p instanceof Message m && BALCONY.equals(m.getTo().toString())
                && m.getSubject() != null).size();
    }

    private void leave() {
        int gone = h.out.matching(p -> BALCONY.equals(String.valueOf(p.getTo())) && p.toXML().contains("unavailable"))
                .size();
        h.receive("<presence type='unavailable' from='romeo@montague.lit/balcony'"
                + " to='#verona@fake.shakespeare.lit/romeo'/>");
        h.out.awaitCount(p -> BALCONY.equals(String.valueOf(p.getTo())) && p.toXML().contains("unavailable"),
                gone + 1, MucHarness.WAIT);
    }

    private static List<String> bodies(List<Packet> packets) {
        return packets.stream().filter(p -> p instanceof Message m && m.getBody() != null)
                .map(p -> ((Message) p).getBody()).toList();
    }
}
