package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.stanza.StanzaLimits;
import im.switchboard.core.testing.server.StubXmppServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Packet;

/**
 * THREATS X5: a hostile server. For every kind of bad input the link sends the right stream error
 * (RFC 6120 sections 4.9.3 and 11.1), closes, reconnects, and keeps working; and it never fetches anything:
 * a canary listener named as DTD and external entity URL must see no connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileServerIT {

    private static final String DOMAIN = ComponentLinkIT.DOMAIN;
    private static final String SECRET = ComponentLinkIT.SECRET;
    private static final Duration WAIT = ComponentLinkIT.WAIT;
    private static final StanzaLimits LIMITS = new StanzaLimits(64 * 1024, 32, 32 * 1024, 4 * 1024, 64 * 1024);

    private StubXmppServer server;
    private RecordingListener listener;
    private ComponentLink link;
    private ServerSocket canary;
    private final AtomicInteger canaryHits = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!canary.isClosed()) {
                try (Socket ignored = canary.accept()) {
                    canaryHits.incrementAndGet();
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        });
        server = new StubXmppServer(DOMAIN, SECRET).start();
        listener = new RecordingListener();
        link = new ComponentLink(LinkSettings.builder(DOMAIN, SECRET).server(server.host(), server.port())
                .keepalive(Duration.ofSeconds(30), Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).limits(LIMITS).build(), listener);
        link.start();
        server.awaitHandshakes(1, WAIT);
    }

    @AfterEach
    void tearDown() throws IOException {
        link.close();
        server.close();
        canary.close();
    }

    private String canaryUrl() {
        return "http://127.0.0.1:" + canary.getLocalPort() + "/evil.dtd";
    }

    /** Send hostile bytes on the live stream; the link may hang up while we are still writing. */
    private void sendHostile(byte[] bytes) {
        try {
            server.sendRaw(bytes);
        } catch (IOException e) {
            // Expected for large payloads: the link closed after the first bytes.
        }
    }

    private void sendHostile(String xml) {
        sendHostile(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The link answered with {@code condition}, reconnected, and a normal stanza then arrives. */
    private void assertSurvived(String condition, int handshakes) throws IOException {
        List<String> errors = server.awaitComponentStreamErrors(1, WAIT);
        assertEquals(List.of(condition), errors);
        server.awaitHandshakes(handshakes, WAIT);
        server.send(ComponentLinkIT.inbound("after"));
        List<Packet> packets = listener.awaitPackets(1, WAIT);
        assertEquals("after", packets.get(packets.size() - 1).getID());
        assertEquals(LinkState.UP, link.state());
        assertEquals(0, canaryHits.get(), "the link fetched something external");
    }

    @Test
    void doctypeWithExternalDtdIsRestrictedXml() throws IOException {
        server.prologueOnNextConnection("<?xml version='1.0'?><!DOCTYPE stream:stream SYSTEM '" + canaryUrl() + "'>");
        server.dropConnections();
        assertSurvived("restricted-xml", 2);
    }

    @Test
    void billionLaughsIsRestrictedXml() throws IOException {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY lol0 'lol'>");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i - 1) + ";").repeat(10)).append("'>");
        }
        dtd.append("<!ENTITY ext SYSTEM '").append(canaryUrl()).append("'>]>");
        server.prologueOnNextConnection(dtd.toString());
        server.dropConnections();
        assertSurvived("restricted-xml", 2);
    }

    @Test
    void entityReferencesMidStreamAreRestrictedXml() throws IOException {
        sendHostile("<message from='juliet@capulet.lit' to='" + DOMAIN + "'><body>&lol9;&ext;</body></message>");
        assertSurvived("restricted-xml", 2);
    }

    @Test
    void deepNestingIsAPolicyViolation() throws IOException {
        sendHostile("<message from='juliet@capulet.lit' to='" + DOMAIN + "'>" + "<a>".repeat(100_000));
        assertSurvived("policy-violation", 2);
    }

    @Test
    void oversizedStanzaIsAPolicyViolation() throws IOException {
        // Many small children: no text or attribute limit applies, only the stanza byte limit.
        sendHostile("<message from='juliet@capulet.lit' to='" + DOMAIN + "'>" + "<b>xxxxxxxx</b>".repeat(100_000)
                + "</message>");
        assertSurvived("policy-violation", 2);
    }

    @Test
    void hugeTextIsAPolicyViolation() throws IOException {
        sendHostile("<message from='juliet@capulet.lit' to='" + DOMAIN + "'><body>" + "x".repeat(2 * 1024 * 1024)
                + "</body></message>");
        assertSurvived("policy-violation", 2);
    }

    @Test
    void invalidUtf8IsNotWellFormed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("<message from='juliet@capulet.lit' to='" + DOMAIN + "'><body>")
                .getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bytes.writeBytes("</body></message>".getBytes(StandardCharsets.UTF_8));
        sendHostile(bytes.toByteArray());
        assertSurvived("not-well-formed", 2);
    }

    @Test
    void secondStreamHeaderIsABadFormat() throws IOException {
        sendHostile("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns='jabber:component:accept' from='" + DOMAIN + "' id='again'>");
        assertSurvived("bad-format", 2);
    }

    @Test
    void commentIsRestrictedXml() throws IOException {
        sendHostile("<!-- a comment -->");
        assertSurvived("restricted-xml", 2);
    }

    @Test
    void processingInstructionIsRestrictedXml() throws IOException {
        sendHostile("<?evil instruction?>");
        assertSurvived("restricted-xml", 2);
    }

    @Test
    void unknownFirstLevelElementIsUnsupported() throws IOException {
        sendHostile("<db:result xmlns:db='jabber:server:dialback'/>");
        assertSurvived("unsupported-stanza-type", 2);
    }
}
