package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import im.switchboard.config.Secret;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * A keyed room (XEP-0045 section 7.2.6, an IRC channel key) joined on the fly by an always-on user comes back
 * after a gateway restart with its key: the key is remembered among the registration's secrets (sealed by the
 * store, THREATS G2), and forgotten with the room when the user leaves it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyedRoomsTest {

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

    private void join(String password) {
        Predicate<Packet> subject = p -> p instanceof Message m && ORCHARD.equals(String.valueOf(m.getTo()))
                && m.getSubject() != null;
        int subjects = out.matching(subject).size();
        receive("<presence from='" + ORCHARD + "' to='" + ROOM + "/romeo'>"
                + "<x xmlns='http://jabber.org/protocol/muc'>"
                + (password.isEmpty() ? "" : "<password>" + password + "</password>") + "</x></presence>");
        out.awaitCount(subject, subjects + 1, WAIT);
    }

    private Registration stored() {
        return registrations.find(ROMEO).orElseThrow();
    }

    private void awaitStored(String rooms, Optional<String> keys) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Registration now = stored();
            String field = now.fields().getOrDefault(SavedRooms.FIELD, "");
            Optional<String> secret = Optional.ofNullable(now.secrets().get(SavedRooms.KEYS_FIELD))
                    .map(Secret::reveal);
            if (field.equals(rooms) && secret.equals(keys)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("stored rooms '" + field + "' with keys " + secret.isPresent()
                        + ", expected '" + rooms + "' with keys " + keys.isPresent());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // poll
        }
    }

    @Test
    void aKeyedRoomComesBackWithItsKeyAndIsForgottenWithItWhenLeft() {
        rooms.enter("verona", "nurse");
        rooms.key("verona", "capulet");
        registrations.save(new Registration(ROMEO, Map.of(FakeBridge.ALWAYS_ON_FIELD, "true")));
        startGateway();
        network.awaitLoggedIn(ROMEO, true, WAIT);
        receive("<presence from='" + ORCHARD + "' to='" + DOMAIN + "'/>");
        join("capulet");
        awaitStored("#verona romeo", Optional.of("#verona capulet"));
        assertFalse(stored().fields().values().stream().anyMatch(v -> v.contains("capulet")),
                "THREATS G2: the key is never a plain field");

        // Offline, then a restart: the room is rejoined with its key, without any presence from the user.
        receive("<presence type='unavailable' from='" + ORCHARD + "' to='" + DOMAIN + "'/>");
        receive("<presence type='unavailable' from='" + ORCHARD + "' to='" + ROOM + "/romeo'/>");
        component.close();
        rooms.awaitMember("verona", ROMEO, false, WAIT);
        startGateway();
        rooms.awaitMember("verona", ROMEO, true, WAIT);
        assertEquals(2, rooms.joinRequests().size());
        assertEquals(Optional.of("capulet"), rooms.joinRequests().get(1).password().map(Secret::reveal));

        // Back online, the join is answered from the restored room (no key sent): the remembered key stays.
        receive("<presence from='" + ORCHARD + "' to='" + DOMAIN + "'/>");
        join("");
        assertEquals(2, rooms.joinRequests().size());
        awaitStored("#verona romeo", Optional.of("#verona capulet"));

        // A real exit forgets the room, and its key with it.
        receive("<presence type='unavailable' from='" + ORCHARD + "' to='" + ROOM + "/romeo'/>");
        rooms.awaitMember("verona", ROMEO, false, WAIT);
        awaitStored("", Optional.empty());
    }
}
