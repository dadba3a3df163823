package im.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.history.RoomHistory;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;

/** The component holds the room history it is given and deletes an unregistered user's history (THREATS G6). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomHistoryWiringTest {

    /** Records forget calls. */
    private static final class RecordingHistory implements RoomHistory {
        final LinkedBlockingQueue<String> forgotten = new LinkedBlockingQueue<>();

        @Override
        public void append(String user, String room, HistoryEntry entry) {
            // Not used here.
        }

        @Override
        public List<HistoryEntry> recent(String user, String room, HistoryLimit limit) {
            return List.of();
        }

        @Override
        public void forget(String user) {
            forgotten.add(user);
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }

    @Test
    void unregistrationForgetsTheUsersRoomHistory() throws LegacyException, InterruptedException {
        RecordingHistory history = new RecordingHistory();
        InMemoryRegistrationStore store = new InMemoryRegistrationStore();
        store.save(new Registration("romeo@montague.lit", Map.of("username", "romeo"),
                Map.of("password", Secret.of("R0m30"))));
        RecordingStanzaOutput out = new RecordingStanzaOutput();
        try (GatewayComponent component = new GatewayComponent(new FakeBridge(new FakeNetwork()), store,
                GatewaySettings.of(GatewayHarness.DOMAIN, Set.of("montague.lit")), history)) {
            component.start(out);
            assertSame(history, component.roomHistory());
            component.packetReceived(Stanzas.parse("""
                    <iq type='set' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='u1'>
                      <query xmlns='jabber:iq:register'><remove/></query>
                    </iq>"""));
            IQ reply = (IQ) out.await(p -> p instanceof IQ && "u1".equals(p.getID()), Duration.ofSeconds(10));
            assertEquals(IQ.Type.result, reply.getType(), reply.toXML());
            assertEquals("romeo@montague.lit", history.forgotten.poll(10, TimeUnit.SECONDS));
            assertTrue(history.forgotten.isEmpty());
        }
    }
}
