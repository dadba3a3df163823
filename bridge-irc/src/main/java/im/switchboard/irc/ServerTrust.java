package im.switchboard.irc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of the IRC connections: the JVM's default trust store for every server, and for a server whose
 * {@code [irc-servers.NAME]} table names a {@code ca-file}, that file's certificate authorities as well (an
 * operator's own or a private network's CA). The extra CAs are trusted for that server's host only: the trust
 * manager picks them by the host name the connection verifies (RFC 6125; the connector opens every TLS socket
 * with the allow-listed host as peer host and checks it with the "HTTPS" endpoint identification), so a
 * private CA cannot vouch for any other server (THREATS C4).
 */
final class ServerTrust extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager defaults;
    private final Map<String, X509ExtendedTrustManager> extra;

    private ServerTrust(X509ExtendedTrustManager defaults, Map<String, X509ExtendedTrustManager> extra) {
        this.defaults = defaults;
        this.extra = Map.copyOf(extra);
    }

    /**
     * A TLS context trusting the JVM's defaults, plus per host the CAs of its PEM file.
     *
     * @param caFiles lower-case host -> PEM file of one or more CA certificates
     * @throws UncheckedIOException  when a file cannot be read
     * @throws IllegalStateException when a file holds no certificate or TLS cannot be set up
     */
    static SSLContext context(Map<String, Path> caFiles) {
        try {
            if (caFiles.isEmpty()) {
                return SSLContext.getDefault();
            }
            X509ExtendedTrustManager defaults = trustManager(null);
            Map<String, X509ExtendedTrustManager> extra = new HashMap<>();
            for (Map.Entry<String, Path> entry : caFiles.entrySet()) {
                extra.put(entry.getKey().toLowerCase(Locale.ROOT), withExtraCas(entry.getValue()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new ServerTrust(defaults, extra)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the IRC connections", e);
        }
    }

    /** The JVM's default CAs and those of {@code pem}. */
    private static X509ExtendedTrustManager withExtraCas(Path pem) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = 0;
        for (X509Certificate ca : defaultIssuers()) {
            store.setCertificateEntry("default-" + n++, ca);
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + pem, e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalStateException("the CA file " + pem + " holds no certificate");
        }
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("extra-" + n++, certificate);
        }
        return trustManager(store);
    }

    private static X509Certificate[] defaultIssuers() throws GeneralSecurityException {
        return trustManager(null).getAcceptedIssuers();
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X.509 trust manager");
    }

    private X509ExtendedTrustManager forHost(Optional<String> host) {
        return host.map(h -> extra.get(h.toLowerCase(Locale.ROOT))).orElse(defaults);
    }

    private X509ExtendedTrustManager forSocket(Socket socket) {
        return forHost(socket instanceof SSLSocket tls ? peerHost(tls.getHandshakeSession()) : Optional.empty());
    }

    private X509ExtendedTrustManager forEngine(SSLEngine engine) {
        return forHost(engine == null ? Optional.empty() : peerHost(engine.getHandshakeSession()));
    }

    private static Optional<String> peerHost(SSLSession session) {
        return session == null ? Optional.empty() : Optional.ofNullable(session.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        forSocket(socket).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        forEngine(engine).checkServerTrusted(chain, authType, engine);
    }

    /** Without a socket there is no host to choose by: only the default CAs are trusted. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        defaults.checkServerTrusted(chain, authType);
    }

    /** The gateway is never a TLS server for IRC. */
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the IRC connections accept no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the IRC connections accept no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the IRC connections accept no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return defaults.getAcceptedIssuers();
    }
}
