package im.switchboard.core.muc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.history.InMemoryRoomHistory;
import im.switchboard.core.session.SavedRooms;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.fake.FakeRooms;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * Always-on sessions ({@code Bridge.keepsSessionOpen}): opened when the component's link comes up, kept while the
 * user is offline (XEP-0100 section 4.5 does not apply), rooms left only on the XMPP side when resources go
 * offline (XEP-0045 section 7.14 exits while online still leave), rooms remembered in the registration and rejoined
 * after a restart, history kept while nobody is in the room (section 7.2.14).
 */
@Timeout(60)
class AlwaysOnSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DOMAIN = "fake.shakespeare.lit";
    private static final String ROOM = "#verona@fake.shakespeare.lit";
    private static final String ROMEO = "romeo@montague.lit";
    private static final String ORCHARD = "romeo@montague.lit/orchard";

    private final FakeNetwork network = new FakeNetwork().withUsers("nurse");
    private final FakeRooms rooms = network.rooms();
    private final InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
    private final InMemoryRoomHistory history = new InMemoryRoomHistory(10);
    private RecordingStanzaOutput out;
    private GatewayComponent component;

    @AfterEach
    void close() {
        if (component != null) {
            component.close();
        }
    }

    private void register(boolean alwaysOn, Map<String, String> more) {
        Map<String, String> fields = new HashMap<>(more);
        if (alwaysOn) {
            fields.put(FakeBridge.ALWAYS_ON_FIELD, "true");
        }
        registrations.save(new Registration(ROMEO, fields));
    }

    /** A gateway process starting: a new component over the same store, history and network, its link up. */
    private void startGateway() {
        out = new RecordingStanzaOutput();
        component = new GatewayComponent(new FakeBridge(network), registrations,
                GatewaySettings.of(DOMAIN, Set.of("montague.lit")), history);
        try {
            component.start(out);
        } catch (LegacyException e) {
            throw new AssertionError(e);
        }
        component.linkUp();
    }

    private void receive(String xml) {
        component.packetReceived(Stanzas.parse(xml));
    }

    private void online() {
        receive("<presence from='" + ORCHARD + "' to='" + DOMAIN + "'/>");
    }

    /** The XMPP server's presences when the resource goes offline: its contacts first, then directed presence. */
    private void offline() {
        receive("<presence type='unavailable' from='" + ORCHARD + "' to='" + DOMAIN + "'/>");
        receive("<presence type='unavailable' from='" + ORCHARD + "' to='" + ROOM + "/romeo'/>");
    }

    private List<Packet> join() {
        Predicate<Packet> subject = p -> p instanceof Message m && ORCHARD.equals(String.valueOf(m.getTo()))
                && m.getSubject() != null;
        int subjects = out.matching(subject).size();
        int before = out.packets().size();
        receive("<presence from='" + ORCHARD + "' to='" + ROOM + "/romeo'>"
                + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
        out.awaitCount(subject, subjects + 1, WAIT);
        List<Packet> all = out.packets();
        return all.subList(before, all.size());
    }

    private String storedRooms() {
        return registrations.find(ROMEO).orElseThrow().fields().getOrDefault(SavedRooms.FIELD, "");
    }

    private void awaitStoredRooms(String expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!expected.equals(storedRooms())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("stored rooms: '" + storedRooms() + "', expected '" + expected + "'");
            }
            Thread.onSpinWait();
        }
    }

    private List<Packet> stanzasToTheUser() {
        return out.matching(p -> p.getTo() != null && p.getTo().toBareJID().equals(ROMEO));
    }

    @Test
    void theLinkComingUpOpensTheSessionAndRejoinsTheRememberedRoomsWithoutPresence() {
        rooms.enter("verona", "nurse");
        register(true, Map.of(SavedRooms.FIELD, "#verona Romeo"));
        startGateway();
        network.awaitLoggedIn(ROMEO, true, WAIT);
        rooms.awaitMember("verona", ROMEO, true, WAIT);
        assertEquals("Romeo", rooms.joinRequests().getFirst().nick());
        // Nothing of the room goes to a user who has no resource in it.
        assertTrue(out.matching(p -> p.getFrom() != null && p.getFrom().toBareJID().equals(ROOM)).isEmpty());
    }

    @Test
    void aSessionThatIsNotKeptOpenIsNotOpenedAtStart() {
        register(false, Map.of(SavedRooms.FIELD, "#verona Romeo"));
        startGateway();
        // The presence probes are the last thing linkUp does for each user: once Romeo's is out, nothing follows.
        out.await(p -> p instanceof Presence presence && presence.getType() == Presence.Type.probe, WAIT);
        assertFalse(network.isLoggedIn(ROMEO));
        assertTrue(rooms.joinRequests().isEmpty());
    }

    @Test
    void goingOfflineKeepsTheLegacySideAndTheHistoryAndTheNextJoinIsAnsweredAtOnce() {
        rooms.enter("verona", "nurse");
        register(true, Map.of());
        startGateway();
        network.awaitLoggedIn(ROMEO, true, WAIT);
        online();
        join();
        awaitStoredRooms("#verona romeo");
        offline();
        rooms.say("verona", "nurse", "Where is Romeo?", Optional.empty());
        // The session stays, and so does the legacy side of the room (no PART).
        assertTrue(network.isLoggedIn(ROMEO));
        rooms.awaitMember("verona", ROMEO, true, WAIT);
        // Remembered though no resource is in the room (posted to the user's actor: polled).
        HistoryLimit all = new HistoryLimit(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), 10);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (history.recent(ROMEO, ROOM, all).isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("Where is Romeo?"), history.recent(ROMEO, ROOM, all).stream()
                .map(HistoryEntry::body).toList());
        int toUser = stanzasToTheUser().size();
        // Nothing said while the user is away goes to them (only the history keeps it).
        assertEquals(0, out.matching(p -> p instanceof Message m && "Where is Romeo?".equals(m.getBody()))
                .size());
        assertEquals(toUser, stanzasToTheUser().size());

        online();
        List<Packet> rejoin = join();
        // Answered from the core's state: the occupants, the self-presence (110), the history, the subject; and
        // no second legacy join.
        assertEquals(1, rooms.joinRequests().size());
        assertTrue(rejoin.stream().anyMatch(p -> p instanceof Presence pr && pr.getFrom().toString().equals(
                ROOM + "/nurse")), rejoin.toString());
        assertTrue(rejoin.stream().anyMatch(p -> p instanceof Presence && p.toXML().contains("code=\"110\"")));
        assertTrue(rejoin.stream().anyMatch(p -> p instanceof Message m && "Where is Romeo?".equals(m.getBody())
                && m.getChildElement("delay", "urn:xmpp:delay") != null), rejoin.toString());
    }

    @Test
    void anExitWhileOnlineLeavesTheRoomAndForgetsIt() {
        register(true, Map.of());
        startGateway();
        network.awaitLoggedIn(ROMEO, true, WAIT);
        online();
        join();
        awaitStoredRooms("#verona romeo");
        receive("<presence type='unavailable' from='" + ORCHARD + "' to='" + ROOM + "/romeo'/>");
        rooms.awaitMember("verona", ROMEO, false, WAIT);
        awaitStoredRooms("");
        // Still always-on: the session stays when the user goes offline.
        receive("<presence type='unavailable' from='" + ORCHARD + "' to='" + DOMAIN + "'/>");
        assertTrue(network.isLoggedIn(ROMEO));
    }

    @Test
    void aRestartBringsTheRoomsJoinedOnTheFlyBack() {
        register(true, Map.of());
        startGateway();
        network.awaitLoggedIn(ROMEO, true, WAIT);
        online();
        join();
        awaitStoredRooms("#verona romeo");
        offline();
        component.close();
        // The shutdown closed the legacy session (the fake network's user quits every room)...
        rooms.awaitMember("verona", ROMEO, false, WAIT);
        assertEquals("#verona romeo", storedRooms());
        // ...and the next gateway rejoins without any presence from the user.
        startGateway();
        rooms.awaitMember("verona", ROMEO, true, WAIT);
        assertEquals(2, rooms.joinRequests().size());
        assertEquals("romeo", rooms.joinRequests().get(1).nick());
    }

    @Test
    void theConfigureCommandTurnsAlwaysOnOnAndOffWithoutPresence() {
        register(false, Map.of());
        startGateway();
        IQ form = command("""
                <iq type='set' from='%s' to='%s' id='c1'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' action='execute'/>
                </iq>""".formatted(ORCHARD, DOMAIN), "c1");
        String session = form.getChildElement().attributeValue("sessionid");
        command(submit(session, "c2", "1"), "c2");
        // Re-evaluated at once: the session opens though the user sent no presence.
        network.awaitLoggedIn(ROMEO, true, WAIT);

        IQ again = command("""
                <iq type='set' from='%s' to='%s' id='c3'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' action='execute'/>
                </iq>""".formatted(ORCHARD, DOMAIN), "c3");
        command(submit(again.getChildElement().attributeValue("sessionid"), "c4", "0"), "c4");
        // No longer kept open, and the user is offline: the session closes.
        network.awaitLoggedIn(ROMEO, false, WAIT);
    }

    private static String submit(String session, String id, String alwaysOn) {
        return """
                <iq type='set' from='%s' to='%s' id='%s'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' sessionid='%s'
                           action='complete'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='nick'><value>romeo</value></field>
                      <field var='always-on'><value>%s</value></field>
                    </x>
                  </command>
                </iq>""".formatted(ORCHARD, DOMAIN, id, session, alwaysOn);
    }

    private IQ command(String xml, String id) {
        receive(xml);
        IQ reply = (IQ) out.await(p -> p instanceof IQ iq && id.equals(iq.getID()), WAIT);
        assertEquals(IQ.Type.result, reply.getType(), reply.toXML());
        return reply;
    }
}
