package im.switchboard.core;

import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.xmpp.packet.Packet;

/**
 * A started {@link GatewayComponent} on {@code fake.shakespeare.lit} over a {@link FakeBridge}, serving
 * {@code montague.lit} and {@code capulet.lit}, writing to a {@link RecordingStanzaOutput}.
 */
final class GatewayHarness implements AutoCloseable {

    static final String DOMAIN = "fake.shakespeare.lit";
    static final Duration WAIT = Duration.ofSeconds(10);

    final FakeNetwork network = new FakeNetwork().withUsers("juliet", "nurse", "tybalt");
    final FakeBridge bridge;
    final InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
    final RecordingStanzaOutput out = new RecordingStanzaOutput();
    final GatewayComponent component;

    GatewayHarness() {
        this(GatewaySettings.of(DOMAIN, Set.of("montague.lit", "capulet.lit")), EnumSet.allOf(Capability.class));
    }

    GatewayHarness(GatewaySettings settings, Set<Capability> capabilities) {
        bridge = new FakeBridge(network, capabilities);
        component = new GatewayComponent(bridge, registrations, settings);
    }

    GatewayHarness started() {
        try {
            component.start(out);
        } catch (LegacyException e) {
            throw new AssertionError(e);
        }
        return this;
    }

    GatewayHarness register(String... users) {
        for (String user : users) {
            registrations.save(new Registration(user, Map.of("username", user)));
        }
        return this;
    }

    /** The server delivers this stanza to the component. */
    void receive(String xml) {
        component.packetReceived(Stanzas.parse(xml));
    }

    /** A user's resource sends available presence to the gateway and the login completes. */
    void logIn(String fullJid) {
        String bare = fullJid.substring(0, fullJid.indexOf('/'));
        receive("<presence from='" + fullJid + "' to='" + DOMAIN + "'/>");
        network.awaitLoggedIn(bare, true, WAIT);
        out.awaitStanza("""
                <presence from='fake.shakespeare.lit' to='%s'>
                  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='*' ver='*'/>
                </presence>""".formatted(bare), WAIT);
    }

    Packet awaitStanza(String xml) {
        return out.awaitStanza(xml, WAIT);
    }

    @Override
    public void close() {
        component.close();
    }
}
