package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewaySettings;
import im.switchboard.core.caps.Caps;
import im.switchboard.core.muc.RoomQuery;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.stats.Counters;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Presence;

/**
 * A guest session opened for a room listing (XEP-0045 section 6.3) stays for the next pages, then closes when its
 * linger passes with no room entered; the guest leaves nothing behind. The timer is driven by hand.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GuestListingLingerTest {

    private static final String DOMAIN = "fake.shakespeare.lit";
    private static final String BENVOLIO = "benvolio@montague.lit";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private record Task(Duration delay, Runnable task) {
    }

    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final FakeNetwork network = new FakeNetwork();
    private final FakeBridge bridge = new FakeBridge(network);
    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private final SessionManager sessions;

    GuestListingLingerTest() {
        Counters counters = new Counters();
        Outbox outbox = new Outbox(counters, Duration.ofSeconds(5));
        outbox.bind(out);
        GatewaySettings settings = GatewaySettings.of(DOMAIN, Set.of("montague.lit"))
                .withRooms(new GatewaySettings.RoomOptions(Duration.ofSeconds(60), true));
        sessions = SessionManager.builder(bridge, settings)
                .presences(new GatewayPresences(DOMAIN, () -> new Caps(GatewaySettings.DEFAULT_CAPS_NODE, "test")))
                .outbox(outbox).counters(counters).stillRegistered(user -> false)
                .timer((delay, task) -> tasks.add(new Task(delay, task))).build();
        network.rooms().create("alpha");
    }

    @AfterEach
    void close() {
        sessions.closeAll(Duration.ofSeconds(5));
    }

    private IQ list() throws Exception {
        IQ request = (IQ) Stanzas.parse("""
                <iq type='get' from='benvolio@montague.lit/street' to='directory@fake.shakespeare.lit' id='l1'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                </iq>""");
        LegacyAddress service = bridge.addressCodec().decode("directory");
        RoomQuery listing = rooms -> rooms.listRooms(request, service);
        return sessions.listGuestRooms(BENVOLIO, listing).orElseThrow().get(10, TimeUnit.SECONDS);
    }

    /** Everything posted to the guest's actor before this has run. */
    private void drainActor() throws Exception {
        IQ marker = new IQ(IQ.Type.result, "marker");
        assertEquals(marker, sessions.askGuestRooms(BENVOLIO, rooms -> marker).orElseThrow()
                .get(10, TimeUnit.SECONDS));
    }

    @Test
    void theListingsSessionClosesWhenItsLingerPasses() throws Exception {
        assertEquals(IQ.Type.result, list().getType());
        assertTrue(network.isLoggedIn(BENVOLIO));
        assertEquals(1, tasks.size());
        assertEquals(Duration.ofMinutes(1), tasks.getFirst().delay());
        // A second page within the linger: the same session, and the linger starts again.
        assertEquals(IQ.Type.result, list().getType());
        assertEquals(1, network.loginAttempts().size());
        tasks.getFirst().task().run();
        drainActor();
        assertTrue(network.isLoggedIn(BENVOLIO), "an older linger does not close the session");
        tasks.get(1).task().run();
        network.awaitLoggedIn(BENVOLIO, false, WAIT);
        assertTrue(out.matching(p -> p instanceof Presence).isEmpty(), "a guest never hears the gateway's presence");
    }

    @Test
    void aGuestWhoEnteredARoomKeepsTheSession() throws Exception {
        assertEquals(IQ.Type.result, list().getType());
        Presence join = (Presence) Stanzas.parse("""
                <presence from='benvolio@montague.lit/street' to='#alpha@fake.shakespeare.lit/benvolio'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        assertTrue(sessions.offerGuestRoomPresence(BENVOLIO, join, bridge.addressCodec().decode("#alpha")));
        network.rooms().awaitMember("alpha", BENVOLIO, true, WAIT);
        tasks.getFirst().task().run();
        // Everything the actor had is done once the next listing is answered.
        assertEquals(IQ.Type.result, list().getType());
        assertTrue(network.isLoggedIn(BENVOLIO));
    }
}
