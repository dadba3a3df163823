package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewaySettings;
import im.switchboard.core.caps.Caps;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.stats.Counters;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * An always-on session whose log-in fails while the user is offline is tried again by the core, with capped
 * exponential backoff and full jitter (THREATS I5, X8), until it succeeds, the user comes online (XEP-0100 section
 * 4.4: their presence drives log-ins), the registration goes away (THREATS G6) or the failure is one that cannot
 * heal (bad credentials: the user is told once). The timer is driven by hand: no test waits for a backoff.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeptOpenRetryTest {

    private static final String DOMAIN = "fake.shakespeare.lit";
    private static final String ROMEO = "romeo@montague.lit";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Registration ALWAYS_ON = new Registration(ROMEO,
            Map.of(FakeBridge.ALWAYS_ON_FIELD, "true"));

    /** A delayed task, run only when the test says so. */
    private record Task(Duration delay, Runnable task) {
    }

    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final FakeNetwork network = new FakeNetwork();
    private final FakeBridge bridge = new FakeBridge(network);
    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private volatile boolean registered = true;
    /** Counted down each time a timed task finds the user unregistered. */
    private final CountDownLatch unregisteredSeen = new CountDownLatch(1);
    private final SessionManager sessions;

    KeptOpenRetryTest() {
        Counters counters = new Counters();
        Outbox outbox = new Outbox(counters, Duration.ofSeconds(5));
        outbox.bind(out);
        GatewaySettings settings = GatewaySettings.of(DOMAIN, Set.of("montague.lit"));
        sessions = SessionManager.builder(bridge, settings)
                .presences(new GatewayPresences(DOMAIN, () -> new Caps(GatewaySettings.DEFAULT_CAPS_NODE, "test")))
                .outbox(outbox).counters(counters).stillRegistered(user -> {
                    if (!registered) {
                        unregisteredSeen.countDown();
                    }
                    return registered;
                }).timer((delay, task) -> tasks.add(new Task(delay, task))).build();
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

    /** Everything posted to Romeo's actor before this has run. */
    private void drainActor() throws Exception {
        IQ marker = new IQ(IQ.Type.result, "marker");
        assertEquals(marker, sessions.askRooms(ALWAYS_ON, rooms -> marker).get(10, TimeUnit.SECONDS));
    }

    private void awaitAttemptsAndTasks(int attempts, int scheduled) {
        await(() -> network.loginAttempts().size() == attempts && tasks.size() == scheduled,
                attempts + " log-in attempts and " + scheduled + " retries planned; saw "
                        + network.loginAttempts().size() + " and " + tasks.size());
    }

    private void presence(String type) {
        Presence presence = (Presence) Stanzas.parse("<presence from='" + ROMEO + "/orchard' to='" + DOMAIN + "'"
                + (type.isEmpty() ? "" : " type='" + type + "'") + "/>");
        assertTrue(sessions.offerPresence(ALWAYS_ON, presence, Optional.empty()));
    }

    private List<Packet> messagesToRomeo() {
        return out.matching(p -> p instanceof Message && p.getTo().toBareJID().equals(ROMEO));
    }

    private static NotConnectedException unreachable() {
        return new NotConnectedException("the fake server is unreachable");
    }

    @Test
    void aLogInThatFailsTwiceIsRetriedWithGrowingJitteredDelaysUntilItSucceeds() throws Exception {
        network.failNextLogins(ROMEO, 2, KeptOpenRetryTest::unreachable);
        assertEquals(1, sessions.openKeptSessions(List.of(ALWAYS_ON)));
        awaitAttemptsAndTasks(1, 1);
        Duration first = tasks.get(0).delay();
        assertTrue(!first.isNegative() && first.compareTo(Duration.ofSeconds(5)) <= 0, "first wait " + first);

        tasks.get(0).task().run();
        awaitAttemptsAndTasks(2, 2);
        Duration second = tasks.get(1).delay();
        assertTrue(!second.isNegative() && second.compareTo(Duration.ofSeconds(10)) <= 0, "second wait " + second);

        tasks.get(1).task().run();
        network.awaitLoggedIn(ROMEO, true, WAIT);
        drainActor();
        assertEquals(2, tasks.size(), "nothing planned after the success");
        assertEquals(3, network.loginAttempts().size());
        // A transient failure is not worth a message: the user finds the session open when they come back.
        assertTrue(messagesToRomeo().isEmpty(), messagesToRomeo().toString());
        // A stale timer (run twice) finds its token used up: no fourth log-in.
        tasks.get(1).task().run();
        drainActor();
        assertEquals(3, network.loginAttempts().size());
    }

    @Test
    void aRateLimitWaitsTheLongestDelayAtOnce() throws Exception {
        network.failNextLogins(ROMEO, 1, () -> new RateLimitedException("too many connections from your host"));
        sessions.openKeptSessions(List.of(ALWAYS_ON));
        awaitAttemptsAndTasks(1, 1);
        assertEquals(Duration.ofMinutes(5), tasks.get(0).delay(), "THREATS I5: no retry storm");
        tasks.get(0).task().run();
        network.awaitLoggedIn(ROMEO, true, WAIT);
    }

    @Test
    void badCredentialsStopTheRetriesAndTheUserIsToldOnceInAMessageKeptForThem() throws Exception {
        network.rejectLogin(ROMEO);
        sessions.openKeptSessions(List.of(ALWAYS_ON));
        Packet notice = out.await(p -> p instanceof Message, WAIT);
        Stanzas.assertStanza("""
                <message type='normal' from='fake.shakespeare.lit' to='romeo@montague.lit' id='*'>
                  <body>The always-on connection to Fake Network could not log in and is not tried again until \
                your registration changes or you come online: Wrong password for the fake network.</body>
                </message>""", notice);
        // The same registration evaluated again (any amendment): one more attempt, but no second message.
        sessions.registrationChanged(ALWAYS_ON);
        await(() -> network.loginAttempts().size() == 2, "the second attempt");
        drainActor();
        assertTrue(tasks.isEmpty(), "a permanent failure is not retried: " + tasks);
        assertEquals(1, messagesToRomeo().size(), messagesToRomeo().toString());
    }

    @Test
    void aRetryOfAUserWhoIsNoLongerRegisteredDoesNotLogIn() throws Exception {
        network.failNextLogins(ROMEO, 1, KeptOpenRetryTest::unreachable);
        sessions.openKeptSessions(List.of(ALWAYS_ON));
        awaitAttemptsAndTasks(1, 1);
        registered = false;
        tasks.get(0).task().run();
        assertTrue(unregisteredSeen.await(10, TimeUnit.SECONDS), "the timed task checked the registration");
        // The check refused the task: the deleted credentials open nothing (THREATS G6).
        assertEquals(1, network.loginAttempts().size());
        assertFalse(network.isLoggedIn(ROMEO));
    }

    @Test
    void theUserComingOnlineTakesOverAndGoingOfflineUnsuccessfullyResumesTheRetries() throws Exception {
        network.failNextLogins(ROMEO, 2, KeptOpenRetryTest::unreachable);
        sessions.openKeptSessions(List.of(ALWAYS_ON));
        awaitAttemptsAndTasks(1, 1);
        // Online: the presence logs in at once (the waiting retry gives way) and fails; the user is told with
        // a presence error (XEP-0100 section 4.4.2), and no background retry is planned while they are online.
        presence("");
        out.await(p -> p instanceof Presence pr && pr.getType() == Presence.Type.error, WAIT);
        awaitAttemptsAndTasks(2, 1);
        tasks.get(0).task().run();
        drainActor();
        assertEquals(2, network.loginAttempts().size(), "the cancelled retry does nothing");
        // Offline again, still not logged in: the retries resume.
        presence("unavailable");
        awaitAttemptsAndTasks(2, 2);
        assertTrue(tasks.get(1).delay().compareTo(Duration.ofSeconds(10)) <= 0, tasks.get(1).toString());
        tasks.get(1).task().run();
        network.awaitLoggedIn(ROMEO, true, WAIT);
    }

    @Test
    void anAlwaysOnLogInThatSucceedsPlansNothing() throws Exception {
        sessions.openKeptSessions(List.of(ALWAYS_ON));
        network.awaitLoggedIn(ROMEO, true, WAIT);
        drainActor();
        assertTrue(tasks.isEmpty(), tasks.toString());
    }
}
