package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.testing.server.StubXmppServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/** {@link ComponentLink} against {@link StubXmppServer}: XEP-0114 section 3, THREATS X1, X3, X4, X8, X9. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ComponentLinkIT {

    static final String DOMAIN = "irc.montague.lit";
    static final String SECRET = "s3cr3t-\u00e4\u00f6\u00fc";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final QName DELAY = QName.get("delay", "urn:xmpp:delay");

    private StubXmppServer server;
    private RecordingListener listener;
    private final List<ComponentLink> links = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new StubXmppServer(DOMAIN, SECRET).start();
        listener = new RecordingListener();
    }

    @AfterEach
    void stop() throws IOException {
        for (ComponentLink link : links) {
            link.close();
        }
        server.close();
    }

    private LinkSettings.Builder settings() {
        return LinkSettings.builder(DOMAIN, SECRET).server(server.host(), server.port())
                .keepalive(Duration.ofSeconds(30), Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300));
    }

    private ComponentLink link(LinkSettings settings) {
        ComponentLink link = new ComponentLink(settings, listener);
        links.add(link);
        return link;
    }

    private ComponentLink started(LinkSettings settings) throws LinkStartException {
        ComponentLink link = link(settings);
        link.start();
        return link;
    }

    static Message message(String id, String body) {
        Message message = new Message();
        message.setFrom("romeo%irc.libera.chat@" + DOMAIN);
        message.setTo("juliet@capulet.lit/balcony");
        message.setType(Message.Type.chat);
        message.setID(id);
        message.setBody(body);
        return message;
    }

    static String inbound(String id) {
        return "<message from='juliet@capulet.lit/balcony' to='romeo%irc.libera.chat@" + DOMAIN
                + "' type='chat' id='" + id + "'><body>Wherefore art thou? " + id + "</body></message>";
    }

    @Test
    void handshakeSucceedsAndStanzasFlowBothWays() throws Exception {
        ComponentLink link = started(settings().build());
        assertEquals(LinkState.UP, link.state());
        server.awaitHandshakes(1, WAIT);
        assertEquals(SendResult.QUEUED, link.send(message("m1", "Hi & <bye>")));
        Element received = server.awaitStanzas(1, WAIT).get(0);
        assertEquals("m1", received.attributeValue("id"));
        assertEquals("romeo%irc.libera.chat@" + DOMAIN, received.attributeValue("from"));
        assertEquals("Hi & <bye>", received.elementText("body"));
        assertNull(received.element(DELAY), "a message sent while up carries no delay");

        server.send(inbound("in1"));
        Packet packet = listener.awaitPackets(1, WAIT).get(0);
        Message message = assertInstanceOf(Message.class, packet);
        assertEquals("Wherefore art thou? in1", message.getBody());
        assertEquals("juliet@capulet.lit/balcony", message.getFrom().toString());
        assertTrue(listener.deliveringThreads().get(0).startsWith("link-reader-"), listener.deliveringThreads()
                .toString());
        assertEquals(1, link.stats().received());
        assertEquals(1, link.stats().sent());
    }

    @Test
    void streamIdsThatNeedEscapingAreHashedUnescaped() throws Exception {
        // THREATS X4: the stub escapes the id in its header and checks the digest of the raw id.
        server.streamIds(() -> "a&b'c<d>\"e \u00e9");
        ComponentLink link = started(settings().build());
        assertEquals(LinkState.UP, link.state());
        server.awaitHandshakes(1, WAIT);
    }

    @Test
    void serverShutdownIsFollowedByANormalReconnect() throws Exception {
        ComponentLink link = started(settings().build());
        long sent = System.nanoTime();
        server.sendStreamError("system-shutdown");
        server.awaitHandshakes(2, WAIT);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertTrue(millis < 300 + 2_000, "reconnected after " + millis + " ms");
        assertTrue(link.stats().lastError().contains("shutting down"), link.stats().lastError());
    }

    @Test
    void wrongSecretAtStartNamesDomainServerAndSecret() {
        server.secret("another secret");
        ComponentLink link = link(settings().build());
        LinkStartException e = assertThrows(LinkStartException.class, link::start);
        String message = e.getMessage();
        assertTrue(message.contains(DOMAIN), message);
        assertTrue(message.contains(server.host() + ":" + server.port()), message);
        assertTrue(message.contains("check the component secret in both configs"), message);
        assertTrue(!message.contains(SECRET), "the secret is never printed");
        assertEquals(LinkState.CLOSED, link.state());
    }

    @Test
    void hostUnknownAtStartSaysTheServerHasNoComponentEntry() {
        server.rejectHandshakesWith("host-unknown");
        LinkStartException e = assertThrows(LinkStartException.class, () -> link(settings().build()).start());
        assertTrue(e.getMessage().contains("has no Component entry for " + DOMAIN), e.getMessage());
    }

    @Test
    void connectionRefusedAtStartSaysNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LinkSettings settings = settings().server(server.host(), port).build();
        LinkStartException e = assertThrows(LinkStartException.class, () -> link(settings).start());
        assertTrue(e.getMessage().contains("nothing listens at " + server.host() + ":" + port), e.getMessage());
    }

    @Test
    void tenThousandStanzasKeepTheirOrderBothWays() throws Exception {
        ComponentLink link = started(settings().build());
        int count = 10_000;
        for (int i = 0; i < count; i++) {
            assertEquals(SendResult.QUEUED, link.send(message("o" + i, "body " + i)));
        }
        List<Element> received = server.awaitStanzas(count, WAIT);
        for (int i = 0; i < count; i++) {
            assertEquals("o" + i, received.get(i).attributeValue("id"));
        }
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < count; i++) {
            burst.append(inbound("i" + i));
        }
        server.send(burst.toString());
        List<Packet> packets = listener.awaitPackets(count, WAIT);
        for (int i = 0; i < count; i++) {
            assertEquals("i" + i, packets.get(i).getID());
        }
        assertEquals(1, listener.deliveringThreads().size(), "one reader thread delivers everything");
    }

    @Test
    void afterADroppedConnectionQueuedStanzasGoOutInOrderWithDelayStamps() throws Exception {
        LinkSettings settings = settings().build();
        ComponentLink link = started(settings);
        listener.awaitUps(1, WAIT);
        server.refuseConnections();
        server.dropConnections();
        listener.awaitDowns(1, WAIT);
        assertTrue(link.state() == LinkState.RECONNECTING, link.state().toString());

        Instant before = Instant.now().minusMillis(1);
        int count = 200;
        for (int i = 0; i < count; i++) {
            assertEquals(SendResult.QUEUED, link.send(message("q" + i, "queued " + i)));
        }
        IQ lateResult = new IQ(IQ.Type.result, "old-request");
        lateResult.setFrom(DOMAIN);
        lateResult.setTo("juliet@capulet.lit/balcony");
        // RFC 6120 section 8.2.3: a request the server delivered before the link broke is not bounced by it, so its
        // reply is still owed: it goes out after the reconnect.
        assertEquals(SendResult.QUEUED, link.send(lateResult));
        Instant after = Instant.now().plusMillis(1);
        assertEquals(count + 1, link.stats().queued());

        long reopened = System.nanoTime();
        server.acceptConnections();
        server.awaitHandshakes(2, WAIT);
        long reconnectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reopened);
        // Full jitter never waits longer than the max backoff between attempts.
        assertTrue(reconnectMillis < settings.maxBackoff().toMillis() + 5_000, "reconnected after "
                + reconnectMillis + " ms");

        List<Element> received = server.awaitStanzas(count + 1, WAIT);
        assertEquals(count + 1, received.size(), "none lost, none duplicated");
        assertEquals("old-request", received.get(count).attributeValue("id"));
        assertEquals(null, received.get(count).element(DELAY), "no delay stamp on an IQ");
        for (int i = 0; i < count; i++) {
            Element stanza = received.get(i);
            assertEquals("q" + i, stanza.attributeValue("id"));
            Element delay = stanza.element(DELAY);
            assertNotNull(delay, "XEP-0203 delay on a message queued while down");
            assertEquals(DOMAIN, delay.attributeValue("from"));
            Instant stamp = Instant.parse(delay.attributeValue("stamp"));
            assertTrue(!stamp.isBefore(before) && !stamp.isAfter(after), stamp.toString());
        }
        assertEquals(1, link.stats().reconnects());
        assertEquals(LinkState.UP, link.state());
    }

    @Test
    void cleanStreamCloseByTheServerIsFollowedByAReconnect() throws Exception {
        ComponentLink link = started(settings().build());
        server.closeStream();
        server.awaitHandshakes(2, WAIT);
        assertEquals(SendResult.QUEUED, link.send(message("after", "still here")));
        assertEquals("after", server.awaitStanzas(1, WAIT).get(0).attributeValue("id"));
    }

    @Test
    void keepalivePingsKeepAnIdleLinkUpAndTheirRepliesAreConsumed() throws Exception {
        ComponentLink link = started(settings().keepalive(Duration.ofMillis(100), Duration.ofSeconds(2)).build());
        server.awaitPingsAnswered(3, WAIT);
        assertEquals(1, server.handshakes(), "answered pings keep the link");
        assertEquals(0, listener.packets().size(), "ping replies are the link's own");
        assertEquals(LinkState.UP, link.state());
    }

    @Test
    void pingsToTheComponentGoToTheListener() throws Exception {
        started(settings().build());
        server.send("<iq type='get' id='s2c1' from='montague.lit' to='" + DOMAIN + "'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        IQ iq = assertInstanceOf(IQ.class, listener.awaitPackets(1, WAIT).get(0));
        assertEquals("s2c1", iq.getID());
        assertEquals("urn:xmpp:ping", iq.getChildElement().getNamespaceURI());
    }

    @Test
    void halfOpenLinkIsDetectedAndReplaced() throws Exception {
        Duration interval = Duration.ofMillis(300);
        Duration timeout = Duration.ofMillis(500);
        LinkSettings settings = settings().keepalive(interval, timeout).build();
        ComponentLink link = started(settings);
        long stalled = System.nanoTime();
        server.stallConnections();
        server.awaitHandshakes(2, WAIT);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalled);
        long bound = interval.plus(timeout).plus(settings.maxBackoff()).toMillis() + 5_000;
        assertTrue(millis <= bound, "replaced after " + millis + " ms, bound " + bound + " ms");
        assertTrue(link.stats().lastError().contains("keepalive"), link.stats().lastError());
        assertEquals(SendResult.QUEUED, link.send(message("alive", "again")));
        assertEquals("alive", server.awaitStanzas(1, WAIT).get(0).attributeValue("id"));
    }

    @Test
    void stanzasCaughtInAFailedWriteAreWrittenAfterTheReconnectInOrder() throws Exception {
        LinkSettings settings = settings().keepalive(Duration.ofMillis(300), Duration.ofMillis(500))
                .queueCapacity(50_000).build();
        ComponentLink link = started(settings);
        server.awaitHandshakes(1, WAIT);
        server.stallConnections();
        // Far more than the socket buffers hold: the writer blocks, the keepalive declares the link dead, the
        // socket is closed under the blocked write, and what was not flushed goes back to the queue's head.
        String body = "x".repeat(1024);
        int count = 30_000;
        for (int i = 0; i < count; i++) {
            assertEquals(SendResult.QUEUED, link.send(message("w" + i, body)));
        }
        server.awaitHandshakes(2, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Element> received = server.stanzas();
        String last = "w" + (count - 1);
        while (received.isEmpty() || !received.get(received.size() - 1).attributeValue("id").equals(last)) {
            assertTrue(System.nanoTime() < deadline, "last stanza not delivered; got " + received.size());
            received = server.awaitStanzas(received.size() + 1, WAIT);
        }
        int first = Integer.parseInt(received.get(0).attributeValue("id").substring(1));
        assertTrue(first > 0, "some stanzas went out on the stalled connection before it filled up");
        assertNotNull(received.get(0).element(DELAY), "the head of the queue waited for the reconnect: stamped");
        boolean stamped = true;
        for (int i = 0; i < received.size(); i++) {
            Element stanza = received.get(i);
            // Only stanzas flushed into the dead connection's buffers are gone: the rest follow without a gap
            // or a duplicate.
            assertEquals("w" + (first + i), stanza.attributeValue("id"));
            // Stanzas queued for the dead connection are stamped; any sent after the reconnect are not, and
            // they all come after the stamped ones.
            boolean hasDelay = stanza.element(DELAY) != null;
            assertTrue(stamped || !hasDelay, "stamped stanza after an unstamped one at " + i);
            stamped = hasDelay;
        }
    }

    @Test
    void conflictBacksOffAtTheMaximum() throws Exception {
        LinkSettings settings = settings().backoff(Duration.ofMillis(10), Duration.ofMillis(1_000)).build();
        ComponentLink link = started(settings);
        long sent = System.nanoTime();
        server.sendStreamError("conflict");
        server.awaitHandshakes(2, WAIT);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertTrue(millis >= 950, "waited only " + millis + " ms after conflict");
        String lastError = link.stats().lastError();
        assertTrue(lastError.contains("another instance is connected as " + DOMAIN), lastError);
    }

    @Test
    void notAuthorizedAfterASuccessfulRunRetriesSlowly() throws Exception {
        LinkSettings settings = settings().backoff(Duration.ofMillis(10), Duration.ofMillis(400)).build();
        ComponentLink link = started(settings);
        server.secret("rotated on the server only");
        server.dropConnections();
        listener.awaitDowns(1, WAIT);
        server.awaitAcceptedConnections(3, WAIT);
        long start = System.nanoTime();
        server.awaitAcceptedConnections(5, WAIT);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Two more attempts took at least two max backoffs: no hot loop (THREATS X3).
        assertTrue(millis >= 750, "two attempts in " + millis + " ms");
        assertTrue(link.stats().lastError().contains("check the component secret"), link.stats().lastError());
        server.secret(SECRET);
        server.awaitHandshakes(2, WAIT);
    }

    @Test
    void invalidStanzasAreRejectedAndNeverSent() throws Exception {
        ComponentLink link = started(settings().build());
        Message foreign = message("bad", "x");
        foreign.setFrom("romeo@" + DOMAIN + ".evil.test");
        assertEquals(SendResult.REJECTED_INVALID, link.send(foreign));
        assertEquals(SendResult.REJECTED_INVALID, link.send(message("ctl", "bell \u0007")));
        assertEquals(SendResult.QUEUED, link.send(message("good", "ok")));
        List<Element> received = server.awaitStanzas(1, WAIT);
        assertEquals("good", received.get(0).attributeValue("id"));
        assertEquals(2, link.stats().rejectedInvalid());
        server.dropConnections();
        server.awaitHandshakes(2, WAIT);
        assertEquals(SendResult.QUEUED, link.send(message("later", "ok")));
        received = server.awaitStanzas(2, WAIT);
        assertEquals(List.of("good", "later"), received.stream().map(e -> e.attributeValue("id")).toList());
    }

    @Test
    void fullQueueRefusesAndCounts() throws Exception {
        ComponentLink link = started(settings().queueCapacity(5).build());
        server.refuseConnections();
        server.dropConnections();
        listener.awaitDowns(1, WAIT);
        for (int i = 0; i < 5; i++) {
            assertEquals(SendResult.QUEUED, link.send(message("f" + i, "x")));
        }
        assertEquals(SendResult.QUEUE_FULL, link.send(message("f5", "x")));
        assertEquals(1, link.stats().droppedOverflow());
        server.acceptConnections();
        assertEquals(5, server.awaitStanzas(5, WAIT).size());
    }

    @Test
    void closeFlushesTheQueueAndIsIdempotent() throws Exception {
        ComponentLink link = started(settings().build());
        for (int i = 0; i < 1_000; i++) {
            link.send(message("c" + i, "x"));
        }
        link.close();
        assertEquals(1_000, server.awaitStanzas(1_000, WAIT).size());
        // RFC 6120 section 4.4: the stream ends with our closing tag, after the queued stanzas.
        server.awaitComponentStreamCloses(1, WAIT);
        assertEquals(LinkState.CLOSED, link.state());
        assertEquals(SendResult.CLOSED, link.send(message("late", "x")));
        link.close();
        listener.awaitDowns(1, WAIT);
    }
}
