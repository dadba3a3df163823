package im.switchboard.core;

import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import java.util.EnumSet;
import java.util.Set;

/**
 * A started {@link GatewayComponent} on {@code fake.shakespeare.lit} over a {@link FakeBridge}, serving
 * {@code montague.lit} and {@code capulet.lit}, writing to a {@link RecordingStanzaOutput}.
 */
final class GatewayHarness implements AutoCloseable {

    static final String DOMAIN = "fake.shakespeare.lit";

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

    /** The server delivers this stanza to the component. */
    void receive(String xml) {
        component.packetReceived(Stanzas.parse(xml));
    }

    @Override
    public void close() {
        component.close();
    }
}
