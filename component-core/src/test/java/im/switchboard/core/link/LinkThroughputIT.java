package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.testing.server.StubXmppServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Packet;

/**
 * Inbound throughput through a real socket: the stub writes pre-rendered stanzas, the link parses them into
 * Tinder packets and hands them to the listener. The target is 100,000 messages/s; the assertion keeps a wide
 * margin for a busy build machine and the measured rate is printed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkThroughputIT {

    @Test
    void inboundMessagesPerSecond() throws Exception {
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
                double best = 0;
                for (int round = 1; round <= rounds; round++) {
                    long start = System.nanoTime();
                    server.send(xml);
                    List<Packet> packets = listener.awaitPackets(round * count, Duration.ofSeconds(60));
                    double rate = count / ((System.nanoTime() - start) / 1e9);
                    best = Math.max(best, rate);
                    assertEquals("t" + (count - 1), packets.get(round * count - 1).getID());
                }
                System.out.printf("inbound through the socket: best %.0f messages/s%n", best);
                assertTrue(best >= 10_000, "inbound " + best + " messages/s");
            }
        }
    }
}
