package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Presence;

/** XEP-0100 sections 4.4 (log in), 4.5 (log out), 4.1 (subscription), section 6 and THREATS X8 (probes), C2. */
@Timeout(30)
class PresenceLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CAPS = "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='*' ver='*'/>";

    private final FakeNetwork network = new FakeNetwork().withUsers("juliet");
    private final FakeBridge bridge = new FakeBridge(network);
    private final InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private GatewayComponent component;

    @BeforeEach
    void start() throws LegacyException {
        registrations.save(new Registration("romeo@montague.lit", Map.of("password", "s3cret")));
        registrations.save(new Registration("benvolio@montague.lit", Map.of()));
        registrations.save(new Registration("mallory@evil.test", Map.of()));
        component = new GatewayComponent(bridge, registrations,
                GatewaySettings.of("fake.shakespeare.lit", Set.of("montague.lit")));
        component.start(out);
    }

    @AfterEach
    void close() {
        component.close();
    }

    private void receive(String xml) {
        component.packetReceived(Stanzas.parse(xml));
    }

    @Test
    void theBridgeIsStartedOnceAndStoppedOnClose() {
        assertEquals(1, bridge.startCount());
        component.close();
        component.close();
        assertEquals(1, bridge.stopCount());
    }

    @Test
    void firstAvailableLogsInFurtherResourcesDoNotLastUnavailableLogsOut() {
        // XEP-0100 section 4.4 primary flow: first presence -> log in -> presence from the gateway.
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        out.awaitStanza("""
                <presence from='fake.shakespeare.lit' to='romeo@montague.lit'>%s</presence>""".formatted(CAPS),
                WAIT);
        // Second resource (directed at a contact, XEP-0100 section 4.4 step 1): no new session.
        receive("<presence from='romeo@montague.lit/garden' to='juliet@fake.shakespeare.lit'/>");
        receive("<presence type='unavailable' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        // The actor is ordered: once this probe is answered, everything before it was handled.
        receive("<presence type='probe' from='romeo@montague.lit/garden' to='fake.shakespeare.lit'/>");
        out.awaitStanza("<presence from='fake.shakespeare.lit' to='romeo@montague.lit/garden'>%s</presence>"
                .formatted(CAPS), WAIT);
        assertEquals(List.of("romeo@montague.lit"), network.loginAttempts());
        assertTrue(network.isLoggedIn("romeo@montague.lit"));
        assertEquals(1, component.statistics().sessions());
        assertEquals(1, component.statistics().usersOnline());
        // XEP-0100 section 4.5: the last unavailable logs out; the gateway answers unavailable.
        receive("<presence type='unavailable' from='romeo@montague.lit/garden' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", false, WAIT);
        out.awaitStanza("""
                <presence type='unavailable' from='fake.shakespeare.lit' to='romeo@montague.lit/garden'>%s</presence>
                """.formatted(CAPS), WAIT);
        receive("<presence type='probe' from='romeo@montague.lit' to='fake.shakespeare.lit'/>");
        out.awaitStanza("""
                <presence type='unavailable' from='fake.shakespeare.lit' to='romeo@montague.lit'>%s</presence>
                """.formatted(CAPS), WAIT);
        assertEquals(0, component.statistics().sessions());
        assertEquals(0, component.statistics().usersOnline());
    }

    @Test
    void connectingIsShownAsAwayWithAStatus() {
        network.holdConnects();
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.awaitStanza("""
                <presence from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <show>away</show><status>Connecting\u2026</status>%s
                </presence>""".formatted(CAPS), WAIT);
        network.releaseConnects();
        out.awaitStanza("<presence from='fake.shakespeare.lit' to='romeo@montague.lit'>%s</presence>"
                .formatted(CAPS), WAIT);
    }

    @Test
    void aDroppedLegacyConnectionIsShownAsUnavailableWithTheReason() throws Exception {
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        network.dropConnection("romeo@montague.lit", "Ping timeout: 240 seconds");
        out.awaitStanza("""
                <presence type='unavailable' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <status>Ping timeout: 240 seconds</status>%s
                </presence>""".formatted(CAPS), WAIT);
    }

    @Test
    void aFailedLoginIsAPresenceErrorAndUnavailable() {
        // XEP-0100 section 4.4.2 alternate flow: not-authorized if the password is bad.
        network.rejectLogin("romeo@montague.lit");
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.awaitStanza("""
                <presence type='error' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard'>
                  <error type='auth'>
                    <not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Wrong password for the fake network.</text>
                  </error>
                </presence>""", WAIT);
        out.awaitStanza("""
                <presence type='unavailable' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <status>Wrong password for the fake network.</status>%s
                </presence>""".formatted(CAPS), WAIT);
        assertEquals(0, component.statistics().sessions());
    }

    @Test
    void afterAFailedLoginStatusChangesDoNotRetryButNewCredentialsDo() {
        network.rejectLogin("romeo@montague.lit");
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.awaitStanza("<presence type='error' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard'>"
                + "<error type='auth'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text></error></presence>", WAIT);
        // THREATS I5: a status change (and its copies to every legacy contact) is no burst of logins.
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'><show>dnd</show></presence>");
        receive("<presence from='romeo@montague.lit/orchard' to='nurse@fake.shakespeare.lit'><show>dnd</show>"
                + "</presence>");
        receive("<presence type='probe' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.awaitCount(p -> p instanceof Presence pr && pr.getType() == Presence.Type.unavailable
                && pr.getError() == null, 2, WAIT);
        assertEquals(List.of("romeo@montague.lit"), network.loginAttempts());

        registrations.save(new Registration("romeo@montague.lit", Map.of("password", "n3w-s3cret")));
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.awaitCount(p -> p.getError() != null, 2, WAIT);
        assertEquals(List.of("romeo@montague.lit", "romeo@montague.lit"), network.loginAttempts());
    }

    @Test
    void onlyPresenceToTheGatewayLogsIn() {
        // XEP-0100 section 4.4: the server broadcasts the user's presence to every legacy contact too.
        receive("<presence from='romeo@montague.lit/orchard' to='nurse@fake.shakespeare.lit'/>");
        receive("<presence type='probe' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.awaitCount(p -> p instanceof Presence pr && pr.getType() == Presence.Type.unavailable, 1, WAIT);
        assertEquals(List.of(), network.loginAttempts());
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
    }

    @Test
    void bareJidUnavailableAfterAReconnectProbeLogsOut() {
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        // RFC 6121 section 4.3.2: the server answers a probe for a user with no resources from the bare JID.
        receive("<presence type='unavailable' from='romeo@montague.lit' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", false, WAIT);
    }

    @Test
    void directedUnavailableToAContactIsNotALogOut() {
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        // XEP-0100 section 4.6 step 2: removing a contact sends it unavailable presence.
        receive("<presence type='unavailable' from='romeo@montague.lit/orchard' to='nurse@fake.shakespeare.lit'/>");
        receive("<presence type='probe' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.awaitCount(p -> p instanceof Presence pr && pr.getType() == null
                && "romeo@montague.lit/orchard".equals(String.valueOf(pr.getTo())), 1, WAIT);
        assertTrue(network.isLoggedIn("romeo@montague.lit"));
    }

    @Test
    void endSessionLogsTheUserOutWithAReason() {
        // THREATS G6: unregistration closes the legacy session.
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        assertTrue(component.endSession("romeo@montague.lit", "You have unregistered."));
        network.awaitLoggedIn("romeo@montague.lit", false, WAIT);
        out.awaitStanza("""
                <presence type='unavailable' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <status>You have unregistered.</status>%s
                </presence>""".formatted(CAPS), WAIT);
        assertTrue(component.onlineUsers().isEmpty());
    }

    @Test
    void linkUpProbesEveryRegisteredUserOfAServedDomainAfterEveryReconnect() {
        // XEP-0100 section 6 (send presence on startup) and THREATS X8 (re-probe after reconnect).
        for (int round = 1; round <= 2; round++) {
            component.linkUp();
            int expected = round;
            out.awaitCount(p -> p instanceof Presence pr && pr.getType() == Presence.Type.probe
                    && "romeo@montague.lit".equals(pr.getTo().toString()), expected, WAIT);
            out.awaitCount(p -> p instanceof Presence pr && pr.getType() == Presence.Type.probe
                    && "benvolio@montague.lit".equals(pr.getTo().toString()), expected, WAIT);
            component.linkDown("server restart");
        }
        assertTrue(out.matching(p -> p.getTo().getDomain().equals("evil.test")).isEmpty(),
                "no probe to a domain that is not served");
        out.awaitStanza("<presence type='probe' from='fake.shakespeare.lit' to='romeo@montague.lit'>%s</presence>"
                .formatted(CAPS), WAIT);
    }

    @Test
    void subscriptionIsApprovedAndReturned() {
        // XEP-0100 section 4.1 steps 9-12.
        receive("<presence type='subscribe' from='romeo@montague.lit' to='fake.shakespeare.lit'/>");
        out.awaitStanza("<presence type='subscribed' from='fake.shakespeare.lit' to='romeo@montague.lit'>"
                + CAPS + "</presence>", WAIT);
        out.awaitStanza("<presence type='subscribe' from='fake.shakespeare.lit' to='romeo@montague.lit'>"
                + CAPS + "</presence>", WAIT);
        receive("<presence type='subscribe' from='romeo@montague.lit' to='juliet@fake.shakespeare.lit'/>");
        out.awaitStanza("<presence type='subscribed' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit'/>",
                WAIT);
        receive("<presence type='unsubscribe' from='romeo@montague.lit' to='fake.shakespeare.lit'/>");
        out.awaitStanza("<presence type='unavailable' from='fake.shakespeare.lit' to='romeo@montague.lit'>"
                + CAPS + "</presence>", WAIT);
    }

    @Test
    void closeSendsUnavailableToEveryOnlineUserAndClosesEverySession() {
        // THREATS C2; XEP-0100 section 6: on shutdown, unavailable presence to registered users.
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        receive("<presence from='benvolio@montague.lit/street' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        network.awaitLoggedIn("benvolio@montague.lit", true, WAIT);
        component.close();
        for (String user : List.of("romeo@montague.lit", "benvolio@montague.lit")) {
            out.awaitStanza("""
                    <presence type='unavailable' from='fake.shakespeare.lit' to='%s'>
                      <status>The gateway is shutting down.</status>%s
                    </presence>""".formatted(user, CAPS), WAIT);
            assertTrue(!network.isLoggedIn(user));
        }
        assertEquals(0, component.statistics().sessions());
        assertTrue(component.onlineUsers().isEmpty());
        assertEquals(1, bridge.stopCount());
    }
}
