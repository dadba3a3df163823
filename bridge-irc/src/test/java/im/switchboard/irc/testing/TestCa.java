package im.switchboard.irc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority and one server certificate signed by it for {@code 127.0.0.1} and
 * {@code localhost} (subject alternative names of type IP and DNS, RFC 5280 4.2.1.6), made once per JVM with
 * the JDK's {@code keytool} in a temp folder. The IRC daemons read the PEM files; clients trust
 * {@link #clientContext()}, which trusts this CA only (so a client without it must fail the handshake).
 *
 * <p>The folder and files are world-readable on purpose: ngircd started as root drops to {@code nobody}. The
 * key protects nothing but a test listener on loopback and lives two days.
 */
public final class TestCa {

    /** RFC 7919 A.1 ffdhe2048: p = 2^2048 - 2^1984 + (floor(2^1918 * e) + 560316) * 2^64 - 1, g = 2. */
    private static final String FFDHE2048 = """
            -----BEGIN DH PARAMETERS-----
            MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
            +8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
            87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
            YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
            7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
            ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
            -----END DH PARAMETERS-----
            """;

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static TestCa instance;

    private final Path caCertificatePem;
    private final Path serverCertificatePem;
    private final Path serverKeyPem;
    private final KeyStore trustStore;
    private final Path dhParametersPem;

    private TestCa(Path caCertificatePem, Path serverCertificatePem, Path serverKeyPem, KeyStore trustStore,
            Path dhParametersPem) {
        this.dhParametersPem = dhParametersPem;
        this.caCertificatePem = caCertificatePem;
        this.serverCertificatePem = serverCertificatePem;
        this.serverKeyPem = serverKeyPem;
        this.trustStore = trustStore;
    }

    /** The JVM's test CA, generated on first use. */
    public static TestCa get() {
        LOCK.lock();
        try {
            if (instance == null) {
                instance = generate();
            }
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test CA", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test CA", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the test CA", e);
        } finally {
            LOCK.unlock();
        }
    }

    /** The CA's certificate (PEM). */
    public Path caCertificatePem() {
        return caCertificatePem;
    }

    /** The server certificate for 127.0.0.1 and localhost (PEM), signed by the CA. */
    public Path serverCertificatePem() {
        return serverCertificatePem;
    }

    /** The server's private key (unencrypted PKCS#8 PEM). */
    public Path serverKeyPem() {
        return serverKeyPem;
    }

    /**
     * The finite-field Diffie-Hellman group ffdhe2048 of RFC 7919 (appendix A.1) as PKCS#3 PEM: a daemon
     * without a DH file generates its own parameters at start (ngircd with GnuTLS takes seconds for that).
     */
    public Path dhParametersPem() {
        return dhParametersPem;
    }

    /** A key store that trusts the CA only. */
    public KeyStore trustStore() {
        return trustStore;
    }

    /** A client TLS context that trusts the CA only (no system roots). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
    }

    private static TestCa generate() throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory("switchboard-test-ca-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String password = "ca-" + Long.toHexString(System.nanoTime());
        Path caStore = dir.resolve("ca.p12");
        Path serverStore = dir.resolve("server.p12");
        Path request = dir.resolve("server.csr");
        Path caPem = dir.resolve("ca.pem");
        Path serverPem = dir.resolve("server.pem");
        Path keyPem = dir.resolve("server.key");
        String[] store = {"-storetype", "PKCS12", "-storepass", password, "-keypass", password};
        keytool(concat(new String[] {"-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
            "-dname", "CN=Switchboard test CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
            "-validity", "2", "-keystore", caStore.toString()}, store));
        keytool(concat(new String[] {"-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString(),
            "-keystore", caStore.toString()}, store));
        keytool(concat(new String[] {"-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize",
            "2048", "-dname", "CN=localhost", "-validity", "2", "-keystore", serverStore.toString()},
            store));
        keytool(concat(new String[] {"-certreq", "-alias", "server", "-file", request.toString(),
            "-keystore", serverStore.toString()}, store));
        keytool(concat(new String[] {"-gencert", "-rfc", "-alias", "ca", "-infile", request.toString(),
            "-outfile", serverPem.toString(), "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext",
            "eku=serverAuth", "-ext", "ku:c=digitalSignature,keyEncipherment", "-validity", "2", "-keystore",
            caStore.toString()}, store));
        writeKeyPem(serverStore, password, keyPem);
        Path dhPem = dir.resolve("dh.pem");
        Files.writeString(dhPem, FFDHE2048, StandardCharsets.US_ASCII);
        for (Path file : List.of(caPem, serverPem, keyPem, dhPem)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("switchboard-test-ca", ca);
        }
        return new TestCa(caPem, serverPem, keyPem, trust, dhPem);
    }

    private static void writeKeyPem(Path serverStore, String password, Path keyPem)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            store.load(in, password.toCharArray());
        }
        Key key = store.getKey("server", password.toCharArray());
        // getEncoded() of a private key is its PKCS#8 PrivateKeyInfo, which GnuTLS and OpenSSL read as
        // "BEGIN PRIVATE KEY" (RFC 7468 section 10).
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
