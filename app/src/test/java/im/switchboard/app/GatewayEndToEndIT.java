package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.ProsodyServer;
import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.config.Config;
import im.switchboard.config.ConfigLoader;
import im.switchboard.core.link.ComponentLink;
import im.switchboard.core.link.LinkState;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.IQ.IQChildElementXmlStringBuilder;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The whole gateway attached to a real Prosody (Debian's package, started on loopback by the test), driven by a
 * real XMPP client (Smack), with the reference {@link FakeBridge} as the legacy network.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndIT {

    private static final String COMPONENT = "fake.localhost";
    private static final String SECRET = "Wherefore-art-thou-" + System.nanoTime();
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The reconnect delay cap configured below; re-attachment must happen within it (plus the handshake). */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    @TempDir
    static Path workDir;

    private ProsodyServer prosody;
    private Gateway gateway;
    private FakeNetwork network;
    private final InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();

    @BeforeAll
    void startServerAndGateway() throws Exception {
        prosody = ProsodyServer.builder(workDir)
                .virtualHost("other.localhost")
                .component(COMPONENT, SECRET)
                .module("offline")
                .user("romeo", "localhost", "romeo-pw")
                .user("juliet", "localhost", "juliet-pw")
                .user("mallory", "other.localhost", "mallory-pw")
                .build();
        prosody.start();
        registrations.save(new Registration("romeo@localhost", Map.of()));
        registrations.save(new Registration("juliet@localhost", Map.of()));

        Config config = ConfigLoader.parse("""
                [xmpp]
                host = "127.0.0.1"
                port = %d
                keepalive-interval = "2s"
                keepalive-timeout = "2s"
                reconnect-initial-delay = "100ms"
                reconnect-max-delay = "%dms"

                [gateway]
                allowed-domains = ["localhost"]
                # One test sends a burst of 1,000 messages without waiting; none may be refused.
                mailbox-capacity = 2000

                [store]
                database = "%s"

                [components.fake]
                domain = "%s"
                secret = "%s"
                """.formatted(prosody.componentPort(), MAX_BACKOFF.toMillis(),
                        workDir.resolve("data/unused.mv.db"), COMPONENT, SECRET),
                SwitchboardSchema.SCHEMA, Map.of());
        gateway = Gateway.plan(config, "9.9.9-test", domain -> registrations);
        gateway.start();
        network = ((FakeBridge) gateway.components().getFirst().bridge()).network();
        network.withUsers("alice", "bob");
    }

    @AfterAll
    void stopEverything() {
        if (gateway != null) {
            gateway.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    @Order(1)
    void discoInfoShowsAGatewayWithItsFeatures() throws Exception {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(romeo.connection())
                    .discoverInfo(JidCreate.from(COMPONENT));
            // XEP-0030 section 3.1; XEP-0100 section 5: category "gateway", type of the legacy network.
            assertTrue(info.hasIdentity("gateway", "fake"), info.toXML().toString());
            assertTrue(info.containsFeature("http://jabber.org/protocol/disco#info"));
            assertTrue(info.containsFeature("urn:xmpp:ping"));
            assertTrue(info.containsFeature("jabber:iq:version"));

            DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(romeo.connection())
                    .discoverItems(JidCreate.from(COMPONENT));
            assertEquals(IQ.Type.result, items.getType());
        }
    }

    @Test
    @Order(2)
    void pingAndVersionAreAnswered() throws Exception {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            // XEP-0199 section 4.2 (client-to-component ping), XEP-0092 section 3.
            assertTrue(PingManager.getInstanceFor(romeo.connection()).ping(JidCreate.from(COMPONENT)));
            Version version = VersionManager.getInstanceFor(romeo.connection())
                    .getVersion(JidCreate.fullFrom(COMPONENT + "/x").asDomainBareJid());
            assertEquals("Switchboard", version.getName());
            assertEquals("9.9.9-test", version.getVersion());
        }
    }

    @Test
    @Order(3)
    void unknownNamespaceGetsServiceUnavailable() throws Exception {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            IQ request = new IQ("query", "urn:example:unknown") {
                @Override
                protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                    xml.setEmptyElement();
                    return xml;
                }
            };
            request.setType(IQ.Type.get);
            request.setTo(JidCreate.from(COMPONENT));
            // RFC 6120 section 8.4: a request in a namespace nobody serves gets service-unavailable.
            IQ reply = romeo.sendIq(request, WAIT);
            assertEquals(IQ.Type.error, reply.getType());
            assertEquals(StanzaError.Condition.service_unavailable, reply.getError().getCondition());
        }
    }

    @Test
    @Order(4)
    void aMessageToTheFakeBridgeComesBackThroughProsody() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            goOnline(romeo);
            romeo.sendMessage("echo@" + COMPONENT, "But soft, what light through yonder window breaks?");
            Message echo = romeo.awaitMessage(m -> ("echo@" + COMPONENT).equals(m.getFrom().asBareJid().toString())
                    && m.getBody() != null, WAIT);
            assertEquals("But soft, what light through yonder window breaks?", echo.getBody());
        }
    }

    @Test
    @Order(5)
    void thousandMessagesFromOneUserArriveInOrder() {
        try (XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "juliet-pw")) {
            goOnline(juliet);
            for (int i = 0; i < 1000; i++) {
                juliet.sendMessage("alice@" + COMPONENT, "line " + i);
            }
            List<FakeNetwork.Received> received = network.awaitReceived("alice", 1000, Duration.ofSeconds(60));
            for (int i = 0; i < 1000; i++) {
                assertEquals("line " + i, received.get(i).body(), "message " + i);
                assertEquals("juliet@localhost", received.get(i).from());
            }
        }
    }

    @Test
    @Order(6)
    void userOfANonAllowedDomainIsRefusedWithoutLegacyTraffic() {
        try (XmppTestClient mallory = XmppTestClient.login(prosody, "mallory", "other.localhost", "mallory-pw")) {
            int attemptsBefore = network.loginAttempts().size();
            mallory.sendPresence(Presence.Type.available, COMPONENT);
            mallory.sendMessage("bob@" + COMPONENT, "let me in");
            Message error = mallory.awaitMessage(m -> m.getType() == Message.Type.error, WAIT);
            // THREATS X2: forbidden, and nothing reaches the legacy network.
            assertEquals(StanzaError.Condition.forbidden, error.getError().getCondition());
            assertEquals(attemptsBefore, network.loginAttempts().size());
            assertTrue(network.received("bob").isEmpty());
        }
    }

    @Test
    @Order(7)
    void prosodyKilledAndRestartedTheGatewayReattachesAndDeliversWhatWaited() throws Exception {
        // juliet is online when the server dies, so her legacy session is up and receives legacy traffic.
        XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "juliet-pw");
        goOnline(juliet);

        prosody.kill();
        // XEP-0114 has no acknowledgements: what was written into the socket before the gateway saw the reset is
        // gone with the server. The outage starts for the gateway when its link notices it.
        awaitLinkDown();
        for (int i = 0; i < 20; i++) {
            network.send("bob", "juliet@localhost", "during the outage " + i);
        }
        prosody.restart();
        awaitReattachedWithinBackoffBound();
        juliet.close();

        // The messages waited in the gateway's queue and went out in order after the handshake; Prosody kept
        // them offline for juliet (her old connection died with the server), stamped with XEP-0203 delays.
        try (XmppTestClient julietAgain = XmppTestClient.login(prosody, "juliet", "juliet-pw")) {
            julietAgain.sendAvailablePresence();
            List<Message> delivered = julietAgain.awaitMessages(
                    m -> ("bob@" + COMPONENT).equals(m.getFrom().asBareJid().toString()) && m.getBody() != null,
                    20, WAIT);
            for (int i = 0; i < 20; i++) {
                assertEquals("during the outage " + i, delivered.get(i).getBody(), "message " + i);
                // XEP-0203: the gateway's own stamp (from its domain), not only the one Prosody's offline
                // storage adds.
                assertTrue(delivered.get(i).getExtensions("delay", "urn:xmpp:delay").stream()
                        .map(e -> ((DelayInformation) e).getFrom())
                        .anyMatch(COMPONENT::equals), "gateway delay stamp on message " + i);
            }
        }
    }

    @Test
    @Order(8)
    void gracefulCloseSendsUnavailablePresenceToOnlineUsers() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            goOnline(romeo);
            gateway.close();
            // THREATS C2, XEP-0100 section 4.5: the gateway goes offline for the user, the session is closed.
            romeo.awaitPresence(p -> COMPONENT.equals(p.getFrom().toString())
                    && p.getType() == Presence.Type.unavailable, WAIT);
            network.awaitLoggedIn("romeo@localhost", false, WAIT);
        }
    }

    /** Subscribe to the gateway (XEP-0100 section 4.1) and send directed available presence to it. */
    private void goOnline(XmppTestClient client) {
        client.sendPresence(Presence.Type.subscribe, COMPONENT);
        client.sendPresence(Presence.Type.available, COMPONENT);
        String user = client.bareJid().toString();
        network.awaitLoggedIn(user, true, WAIT);
        client.awaitPresence(p -> COMPONENT.equals(p.getFrom().toString()) && p.getType() == Presence.Type.available,
                WAIT);
    }

    private void awaitLinkDown() throws InterruptedException {
        ComponentLink link = gateway.components().getFirst().link();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (link.state() == LinkState.UP && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(link.state() != LinkState.UP, "the link did not notice that Prosody was killed");
    }

    /** THREATS X8: once the server is back, the next reconnect attempt comes within the backoff cap. */
    private void awaitReattachedWithinBackoffBound() throws InterruptedException {
        ComponentLink link = gateway.components().getFirst().link();
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        while (link.state() != LinkState.UP && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(LinkState.UP, link.state(), "not re-attached after " + tookMillis + " ms");
        // The cap, plus one connect and handshake on loopback.
        assertTrue(tookMillis <= MAX_BACKOFF.toMillis() + 5_000, "re-attached after " + tookMillis + " ms");
    }
}
