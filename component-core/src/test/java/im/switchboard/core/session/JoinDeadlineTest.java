package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewaySettings;
import im.switchboard.core.caps.Caps;
import im.switchboard.core.history.InMemoryRoomHistory;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.stats.Counters;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Presence;

/**
 * The deadline of a room join (XEP-0045 section 7.2) with the delayed tasks driven by hand: the session manager
 * asks for the {@code room-join-timeout}, and the error presence comes when, and only when, the task runs while the
 * bridge has still not answered (THREATS C1).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JoinDeadlineTest {

    private static final String DOMAIN = "fake.shakespeare.lit";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Registration ROMEO = new Registration("romeo@montague.lit", Map.of());

    /** Delayed tasks that run only when the test says so. */
    private record Task(Duration delay, Runnable task) {
    }

    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final FakeNetwork network = new FakeNetwork();
    private final FakeBridge bridge = new FakeBridge(network);
    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private final SessionManager sessions;

    JoinDeadlineTest() {
        Counters counters = new Counters();
        Outbox outbox = new Outbox(counters, Duration.ofSeconds(5));
        outbox.bind(out);
        GatewaySettings settings = GatewaySettings.of(DOMAIN, Set.of("montague.lit"));
        sessions = SessionManager.builder(bridge, settings)
                .presences(new GatewayPresences(DOMAIN, () -> new Caps(GatewaySettings.DEFAULT_CAPS_NODE, "test")))
                .outbox(outbox).counters(counters).stillRegistered(user -> true).history(new InMemoryRoomHistory())
                .timer((delay, task) -> tasks.add(new Task(delay, task))).build();
    }

    @AfterEach
    void close() {
        sessions.closeAll(Duration.ofSeconds(5));
    }

    private static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // poll
        }
    }

    /** Romeo joins #verona; returns once the bridge has the join and the deadline is scheduled. */
    private void join() throws Exception {
        LegacyAddress room = bridge.addressCodec().decode("#verona");
        Presence presence = (Presence) Stanzas.parse("""
                <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo' id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        assertTrue(sessions.offerRoomPresence(ROMEO, presence, room));
        await(() -> network.rooms().joinRequests().size() == 1 && tasks.size() == 1, "the join and its deadline");
    }

    /** Everything posted to Romeo's actor before this has run. */
    private void drainActor() throws Exception {
        IQ marker = new IQ(IQ.Type.result, "marker");
        assertEquals(marker, sessions.askRooms(ROMEO, rooms -> marker).get(10, TimeUnit.SECONDS));
    }

    private List<Presence> errors() {
        return out.matching(p -> p instanceof Presence pr && pr.getType() == Presence.Type.error).stream()
                .map(p -> (Presence) p).toList();
    }

    @Test
    void anUnansweredJoinGetsRemoteServerTimeoutWhenTheDeadlineRuns() throws Exception {
        network.rooms().silent("verona");
        join();
        assertEquals(Duration.ofSeconds(60), tasks.get(0).delay(), "the default room-join-timeout");
        drainActor();
        assertTrue(errors().isEmpty(), "nothing before the deadline");
        tasks.get(0).task().run();
        out.awaitStanza("""
                <presence type='error' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                    id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                  <error type='wait' by='#verona@fake.shakespeare.lit'>
                    <remote-server-timeout xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </presence>""", WAIT);
        // the late answer still puts romeo in (110)
        network.rooms().answerHeldJoins();
        out.await(p -> p instanceof Presence pr && pr.getType() == null && pr.toXML().contains("code=\"110\""),
                WAIT);
    }

    @Test
    void aJoinAnsweredBeforeTheDeadlineIsLeftAlone() throws Exception {
        join();
        out.await(p -> p instanceof Presence pr && pr.getType() == null && pr.toXML().contains("code=\"110\""),
                WAIT);
        tasks.get(0).task().run();
        drainActor();
        assertTrue(errors().isEmpty(), errors().toString());
    }
}
