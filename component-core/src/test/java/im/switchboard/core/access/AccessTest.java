package im.switchboard.core.access;

import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;

/** THREATS X2 (who may use the gateway) and XEP-0100 section 4.1 (registration required). */
@Timeout(30)
class AccessTest {

    private final InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
    private final FakeNetwork network = new FakeNetwork().withUsers("juliet");
    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private GatewayComponent component;

    @BeforeEach
    void start() throws LegacyException {
        component = new GatewayComponent(new FakeBridge(network), registrations,
                GatewaySettings.of("fake.shakespeare.lit", Set.of("Montague.LIT", "b\u00fccher.example")));
        component.start(out);
    }

    @AfterEach
    void close() {
        component.close();
    }

    @Test
    void domainsCompareExactlyAfterNormalisation() {
        AccessPolicy policy = new AccessPolicy(Set.of("allowed.example", "B\u00fccher.example"), registrations);
        assertTrue(policy.isAllowedDomain("allowed.example"));
        assertTrue(policy.isAllowedDomain("ALLOWED.example"));
        assertTrue(policy.isAllowedDomain("allowed.example."));
        assertTrue(policy.isAllowedDomain("xn--bcher-kva.example"), "IDNA: the A-label is the same domain");
        assertFalse(policy.isAllowedDomain("allowed.example.evil.test"));
        assertFalse(policy.isAllowedDomain("evil-allowed.example"));
        assertFalse(policy.isAllowedDomain("sub.allowed.example"));
        assertFalse(policy.isAllowedDomain("allowed.exampl"));
    }

    @Test
    void aLookalikeDomainIsForbiddenAndCausesNoLegacyTraffic() {
        registrations.save(new Registration("romeo@montague.lit.evil.test", Map.of()));
        component.packetReceived(Stanzas.parse("""
                <message type='chat' from='romeo@montague.lit.evil.test/orchard' to='juliet@fake.shakespeare.lit'
                    id='x2'>
                  <body>Let me in</body>
                </message>"""));
        assertStanza("""
                <message type='error' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit.evil.test/orchard'
                    id='x2'>
                  <body>Let me in</body>
                  <error type='auth'>
                    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>this gateway does not serve your domain</text>
                  </error>
                </message>""", out.packets().getFirst());
        component.packetReceived(Stanzas.parse("""
                <presence from='romeo@montague.lit.evil.test/orchard' to='fake.shakespeare.lit'/>"""));
        component.packetReceived(Stanzas.parse("""
                <iq type='get' from='romeo@montague.lit.evil.test/orchard' to='fake.shakespeare.lit' id='x3'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>"""));
        assertEquals(2, out.packets().size(), "presence ignored, IQ forbidden: " + out.packets());
        assertStanza("""
                <iq type='error' from='fake.shakespeare.lit' to='romeo@montague.lit.evil.test/orchard' id='x3'>
                  <ping xmlns='urn:xmpp:ping'/>
                  <error type='auth'>
                    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>this gateway does not serve your domain</text>
                  </error>
                </iq>""", out.packets().get(1));
        assertTrue(network.loginAttempts().isEmpty());
    }

    @Test
    void anUnregisteredUserOfAnAllowedDomainMustRegister() {
        // XEP-0100 section 4.1; RFC 6120 section 8.3.3.16.
        component.packetReceived(Stanzas.parse("""
                <message type='chat' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit' id='r1'>
                  <body>Hello?</body>
                </message>"""));
        assertStanza("""
                <message type='error' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='r1'>
                  <body>Hello?</body>
                  <error type='auth'>
                    <registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""", out.packets().getFirst());
        component.packetReceived(Stanzas.parse("""
                <presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>"""));
        assertEquals(1, out.packets().size());
        assertTrue(network.loginAttempts().isEmpty());
    }

    @Test
    void anUnregisteredSubscriptionIsDenied() {
        component.packetReceived(Stanzas.parse("""
                <presence type='subscribe' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>"""));
        assertStanza("<presence type='unsubscribed' from='fake.shakespeare.lit' to='romeo@montague.lit'/>",
                out.packets().getFirst());
    }

    @Test
    void decisionsAreKeyedByTheNormalisedBareJid() {
        // THREATS G8: the same user however the server spelled the JID.
        registrations.save(new Registration("romeo@montague.lit", Map.of()));
        AccessPolicy policy = new AccessPolicy(Set.of("montague.lit"), registrations);
        AccessDecision decision = policy.decide(new JID("Romeo@MONTAGUE.lit/Orchard"));
        assertInstanceOf(AccessDecision.Registered.class, decision);
        assertEquals("romeo@montague.lit", decision.user());
    }
}
