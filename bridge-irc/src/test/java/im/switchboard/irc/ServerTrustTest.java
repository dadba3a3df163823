package im.switchboard.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.ConfigException;
import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Schema;
import im.switchboard.irc.testing.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [irc-servers.NAME] ca-file}: a private CA is trusted for its server's host and for no other host, on
 * top of the JVM's defaults (THREATS C4). A TLS listener in this JVM presents the test CA's certificate for
 * {@code localhost}; the client side is set up as the connector sets up its sockets (peer host = the allow-listed
 * host, "HTTPS" endpoint identification).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerTrustTest {

    private SSLServerSocket listener;
    private Thread acceptor;

    @BeforeAll
    void startListener() throws Exception {
        TestCa ca = TestCa.get();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", privateKey(ca.serverKeyPem()), new char[0],
                new Certificate[] {certificate(ca.serverCertificatePem())});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(factory.getKeyManagers(), null, null);
        listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::serve);
    }

    @AfterAll
    void stopListener() throws IOException {
        listener.close();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> {
                    try (SSLSocket tls = (SSLSocket) client) {
                        tls.startHandshake();
                        tls.getOutputStream().write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
                        tls.getOutputStream().flush();
                    } catch (IOException e) {
                        // The client refused our certificate: what some tests expect.
                    }
                });
            } catch (IOException e) {
                // Closed at the end of the class.
            }
        }
    }

    @Test
    void theServersOwnCaIsTrustedForThatHost() throws Exception {
        SSLContext context = ServerTrust.context(Map.of("localhost", TestCa.get().caCertificatePem()));
        assertEquals("hello", handshake(context, "localhost"));
    }

    @Test
    void theCaIsNotTrustedForAnotherHost() {
        SSLContext context = ServerTrust.context(Map.of("irc.example.net", TestCa.get().caCertificatePem()));
        assertThrows(SSLHandshakeException.class, () -> handshake(context, "localhost"));
    }

    @Test
    void withoutACaFileOnlyTheDefaultTrustApplies() {
        SSLContext context = ServerTrust.context(Map.of());
        assertThrows(SSLHandshakeException.class, () -> handshake(context, "localhost"));
    }

    @Test
    void theHostNameIsStillVerified() {
        // The certificate names localhost and 127.0.0.1; a CA trusted for a host whose name the certificate does
        // not carry does not make the certificate valid for it.
        SSLContext context = ServerTrust.context(Map.of("irc.example.net", TestCa.get().caCertificatePem()));
        assertThrows(SSLHandshakeException.class, () -> handshake(context, "irc.example.net"));
    }

    @Test
    void theSettingIsReadPerServerAndAMissingFileIsAProblem(@TempDir Path dir) {
        Schema schema = Schema.of(IrcSettings.IRC, IrcSettings.SERVERS);
        Path pem = TestCa.get().caCertificatePem();
        IrcSettings settings = IrcSettings.from(ConfigLoader.parse("""
                [irc-servers.local]
                host = "LocalHost"
                ca-file = "%s"

                [irc-servers.other]
                host = "irc.example.net"
                """.formatted(pem), schema, Map.of()));
        assertEquals(Map.of("localhost", pem), settings.caFiles());

        ConfigException e = assertThrows(ConfigException.class, () -> IrcSettings.from(ConfigLoader.parse("""
                [irc-servers.local]
                host = "localhost"
                ca-file = "%s"
                """.formatted(dir.resolve("missing.pem")), schema, Map.of())));
        assertEquals(List.of("irc-servers.local.ca-file"),
                e.problems().stream().map(ConfigException.Problem::keyPath).toList());
    }

    @Test
    void aFileWithoutCertificateIsRefused(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> ServerTrust.context(Map.of("localhost", empty)));
        assertTrue(e.getMessage().contains(empty.toString()) || e.getCause() != null, e.toString());
    }

    /** Connects as PinnedSocketFactory does: TLS over a plain socket, the allow-listed name as peer host. */
    private String handshake(SSLContext context, String host) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 5000);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, listener.getLocalPort(),
                true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(5000);
            tls.startHandshake();
            byte[] line = tls.getInputStream().readNBytes(5);
            return new String(line, StandardCharsets.US_ASCII);
        }
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                .decode(body)));
    }

    private static Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
