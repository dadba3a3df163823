package im.switchboard.core.muc;

import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.history.InMemoryRoomHistory;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.fake.FakeRooms;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * A started gateway on {@code fake.shakespeare.lit} whose fake network has rooms; Romeo and Juliet are
 * registered. The room {@code #verona} is {@code #verona@fake.shakespeare.lit}.
 */
final class MucHarness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String DOMAIN = "fake.shakespeare.lit";
    static final String ROOM = "#verona@fake.shakespeare.lit";
    static final String ROMEO = "romeo@montague.lit";
    static final String ORCHARD = "romeo@montague.lit/orchard";
    static final String BALCONY = "romeo@montague.lit/balcony";
    static final String JULIET = "juliet@capulet.lit/chamber";

    final FakeNetwork network = new FakeNetwork().withUsers("nurse", "tybalt", "mercutio");
    final FakeRooms rooms = network.rooms();
    final InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
    final RecordingStanzaOutput out = new RecordingStanzaOutput();
    final InMemoryRoomHistory history = new InMemoryRoomHistory(10);
    final GatewayComponent component;

    MucHarness() {
        this(java.util.function.UnaryOperator.identity());
    }

    /** With settings changed by {@code settings} (room options, for example). */
    MucHarness(java.util.function.UnaryOperator<GatewaySettings> settings) {
        registrations.save(new Registration(ROMEO, Map.of()));
        registrations.save(new Registration("juliet@capulet.lit", Map.of()));
        component = new GatewayComponent(new FakeBridge(network), registrations,
                settings.apply(GatewaySettings.of(DOMAIN, Set.of("montague.lit", "capulet.lit"))), history);
        try {
            component.start(out);
        } catch (LegacyException e) {
            throw new AssertionError(e);
        }
    }

    void receive(String xml) {
        component.packetReceived(Stanzas.parse(xml));
    }

    /** {@code resource} enters #verona as {@code nick} and waits for the subject, the last stanza of the join. */
    List<Packet> join(String resource, String nick) {
        int before = roomStanzasTo(resource).size();
        java.util.function.Predicate<Packet> subject = p -> p instanceof Message m
                && resource.equals(m.getTo().toString()) && m.getSubject() != null;
        int subjects = out.matching(subject).size();
        receive("""
                <presence from='%s' to='%s/%s'><x xmlns='http://jabber.org/protocol/muc'/></presence>"""
                .formatted(resource, ROOM, nick));
        out.awaitCount(subject, subjects + 1, WAIT);
        List<Packet> all = roomStanzasTo(resource);
        return all.subList(before, all.size());
    }

    /** What the room sent to {@code resource} so far. */
    List<Packet> roomStanzasTo(String resource) {
        return out.matching(p -> resource.equals(String.valueOf(p.getTo())) && p.getFrom() != null
                && p.getFrom().toBareJID().equals(ROOM));
    }

    /** Wait for the {@code count}-th stanza from the room to {@code resource}; returns all so far. */
    List<Packet> awaitRoomStanzas(String resource, int count) {
        return out.awaitCount(p -> resource.equals(String.valueOf(p.getTo())) && p.getFrom() != null
                && p.getFrom().toBareJID().equals(ROOM), count, WAIT);
    }

    /** The first stanza to {@code resource} with the structure of {@code xml}. */
    Packet await(String xml) {
        return out.awaitStanza(xml, WAIT);
    }

    @Override
    public void close() {
        component.close();
    }
}
