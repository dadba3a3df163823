package im.switchboard.core.session;

import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.caps.Caps;
import im.switchboard.core.link.SendResult;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.stats.Counters;
import im.switchboard.core.testing.fake.FakeAddress;
import im.switchboard.core.testing.fake.FakeAddressCodec;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;

/** The XmppSink: THREATS X6 (illegal characters), X1 (no foreign from), backpressure without silent drops. */
@Timeout(30)
class GatewaySinkTest {

    private static final String DOMAIN = "fake.shakespeare.lit";

    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private final Counters counters = new Counters();

    private GatewaySink sink(AddressCodec codec, Duration backpressure) {
        Outbox outbox = new Outbox(counters, backpressure);
        outbox.bind(out);
        return new GatewaySink(new JID("romeo@montague.lit/orchard"), new ContactJids(DOMAIN, codec),
                EnumSet.noneOf(Capability.class), new GatewayPresences(DOMAIN, () -> new Caps("n", "v")), outbox,
                counters, (sink, fact) -> {
                    throw new AssertionError("no room facts in this test");
                });
    }

    @Test
    void illegalCharactersAreStrippedFromBodies() {
        // THREATS X6: IRC colour codes, NUL, lone surrogates and U+FFFE never reach the XML stream.
        sink(new FakeAddressCodec(), Duration.ofSeconds(1)).messageReceived(IncomingMessage.of(
                new FakeAddress("juliet"), "\u0003" + "4red\u0000 rose\uD800 \uFFFEsweet"));
        assertStanza("""
                <message type='chat' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit' id='*'>
                  <body>4red rose sweet</body>
                </message>""", out.packets().getFirst());
    }

    @Test
    void aCodecThatEscapesTheDomainIsRefusedAndCounted() {
        // THREATS X1: one foreign 'from' would close the whole component stream.
        AddressCodec hostile = new AddressCodec() {
            @Override
            public LegacyAddress decode(String localPart) {
                return new FakeAddress(localPart);
            }

            @Override
            public String encode(LegacyAddress address) {
                return "juliet@evil.test/x";
            }
        };
        GatewaySink sink = sink(hostile, Duration.ofSeconds(1));
        sink.messageReceived(IncomingMessage.of(new FakeAddress("juliet"), "hi"));
        sink.delivered(new FakeAddress("juliet"), "id1");
        assertTrue(out.packets().isEmpty());
        assertEquals(2, counters.snapshot().dropped());
    }

    @Test
    void aFullLinkQueueIsRetriedThenTheStanzaGoesOut() {
        out.refuseNext(3);
        sink(new FakeAddressCodec(), Duration.ofSeconds(10)).messageReceived(
                IncomingMessage.of(new FakeAddress("juliet"), "patience"));
        assertEquals(3, out.refusedCount());
        assertEquals(1, out.packets().size());
        assertEquals(0, counters.snapshot().dropped());
        assertEquals(1, counters.snapshot().messagesToXmpp());
    }

    @Test
    void aLinkQueueThatStaysFullEndsInACountedDrop() {
        out.refuseNext(Integer.MAX_VALUE);
        Outbox outbox = new Outbox(counters, Duration.ofMillis(50));
        outbox.bind(out);
        assertEquals(SendResult.QUEUE_FULL, outbox.sendWithBackpressure(new org.xmpp.packet.Message()));
        assertTrue(out.refusedCount() > 1, "retried before giving up");
        assertEquals(1, counters.snapshot().dropped());
    }

    @Test
    void eventsAfterCloseAreIgnored() {
        GatewaySink sink = sink(new FakeAddressCodec(), Duration.ofSeconds(1));
        sink.close();
        sink.messageReceived(IncomingMessage.of(new FakeAddress("juliet"), "too late"));
        sink.connectionStateChanged(im.switchboard.core.spi.ConnectionState.CONNECTED, "");
        assertTrue(out.packets().isEmpty());
    }

    @Test
    void roomFactsGoToThePosterInOrderAndNotAfterClose() {
        Outbox outbox = new Outbox(counters, Duration.ofSeconds(1));
        outbox.bind(out);
        java.util.List<String> posted = new java.util.ArrayList<>();
        GatewaySink sink = new GatewaySink(new JID("romeo@montague.lit/orchard"),
                new ContactJids(DOMAIN, new FakeAddressCodec()), EnumSet.of(Capability.ROOMS),
                new GatewayPresences(DOMAIN, () -> new Caps("n", "v")), outbox, counters,
                (origin, fact) -> posted.add(origin.isClosed() ? "closed" : "fact " + posted.size()));
        im.switchboard.core.testing.fake.FakeRoom room = new im.switchboard.core.testing.fake.FakeRoom("verona");
        sink.occupantJoined(room, im.switchboard.core.spi.Occupant.participant("nurse"));
        sink.occupantLeft(room, "nurse", im.switchboard.core.spi.Departure.left(""));
        sink.close();
        sink.subjectChanged(room, "", im.switchboard.core.spi.RoomSubject.none());
        assertEquals(java.util.List.of("fact 0", "fact 1"), posted);
        assertEquals(1, counters.snapshot().dropped());
        assertTrue(out.packets().isEmpty(), "room facts never bypass the actor");
    }
}
