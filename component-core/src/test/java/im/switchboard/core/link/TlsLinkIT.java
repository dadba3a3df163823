package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.testing.server.StubXmppServer;
import im.switchboard.core.testing.server.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Direct TLS with hostname verification (THREATS X10). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsLinkIT {

    private static final String DOMAIN = ComponentLinkIT.DOMAIN;
    private static final String SECRET = ComponentLinkIT.SECRET;

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private StubXmppServer server;

    @BeforeEach
    void setUp() throws Exception {
        // The certificate names only "localhost", not 127.0.0.1.
        certificates = TestCertificates.selfSigned(dir, "dns:localhost");
        server = new StubXmppServer(DOMAIN, SECRET).tls(certificates.serverContext()).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    private LinkSettings.Builder settings(String host) {
        return LinkSettings.builder(DOMAIN, SECRET).server(host, server.port()).tls(TlsMode.DIRECT)
                .keepalive(Duration.ofSeconds(30), Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300));
    }

    @Test
    void trustedCertificateWithMatchingNameConnects() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ComponentLink link = new ComponentLink(settings("localhost")
                .trustStore(certificates.trustStore(), certificates.password()).build(), listener)) {
            link.start();
            assertEquals(SendResult.QUEUED, link.send(ComponentLinkIT.message("tls1", "over TLS")));
            assertEquals("tls1", server.awaitStanzas(1, ComponentLinkIT.WAIT).get(0).attributeValue("id"));
            server.send(ComponentLinkIT.inbound("tls2"));
            assertEquals("tls2", listener.awaitPackets(1, ComponentLinkIT.WAIT).get(0).getID());
        }
    }

    @Test
    void certificateForAnotherNameIsRefused() {
        LinkSettings settings = settings("127.0.0.1").trustStore(certificates.trustStore(), certificates.password())
                .build();
        LinkStartException e = assertThrows(LinkStartException.class,
                () -> new ComponentLink(settings, new RecordingListener()).start());
        assertTrue(e.getMessage().contains("TLS handshake with 127.0.0.1:" + server.port() + " failed"),
                e.getMessage());
        assertEquals(0, server.handshakes());
    }

    @Test
    void untrustedCertificateIsRefusedWithTheDefaultTrust() {
        LinkStartException e = assertThrows(LinkStartException.class,
                () -> new ComponentLink(settings("localhost").build(), new RecordingListener()).start());
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    }
}
