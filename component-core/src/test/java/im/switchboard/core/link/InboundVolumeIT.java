package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.testing.server.StubXmppServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Packet;

/**
 * Volume through a real socket: the stub writes large bursts of pre-rendered stanzas, and every one of them
 * reaches the listener as a Tinder packet, in stream order, none lost or duplicated. (The link's speed is
 * measured by the benchmark, {@code scripts/benchmark.sh link}, not here.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InboundVolumeIT {

    @Test
    void burstsOfAHundredThousandStanzasArriveCompleteAndInOrder() throws Exception {
        try (StubXmppServer server = new StubXmppServer(ComponentLinkIT.DOMAIN, ComponentLinkIT.SECRET).start()) {
            RecordingListener listener = new RecordingListener();
            LinkSettings settings = LinkSettings.builder(ComponentLinkIT.DOMAIN, ComponentLinkIT.SECRET)
                    .server(server.host(), server.port()).build();
            try (ComponentLink link = new ComponentLink(settings, listener)) {
                link.start();
                server.awaitHandshakes(1, ComponentLinkIT.WAIT);
                int rounds = 4;
                int count = 100_000;
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    burst.append(ComponentLinkIT.inbound("t" + i));
                }
                String xml = burst.toString();
                for (int round = 1; round <= rounds; round++) {
                    server.send(xml);
                    listener.awaitPackets(round * count, Duration.ofSeconds(60));
                }
                List<Packet> packets = listener.awaitPackets(rounds * count, Duration.ofSeconds(60));
                assertEquals(rounds * count, packets.size());
                for (int i = 0; i < packets.size(); i++) {
                    assertEquals("t" + (i % count), packets.get(i).getID(), "packet " + i);
                }
            }
        }
    }
}
