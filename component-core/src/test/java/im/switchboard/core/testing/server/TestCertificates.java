package im.switchboard.core.testing.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away self-signed certificate made with the JDK's {@code keytool}, for TLS tests on loopback.
 *
 * @param keyStore PKCS#12 file with the server's key and certificate
 * @param trustStore PKCS#12 file trusting only that certificate
 * @param password the password of both stores
 */
public record TestCertificates(Path keyStore, Path trustStore, String password) {

    /**
     * A certificate for {@code subjectAltNames} (keytool syntax, e.g. {@code dns:localhost}) in {@code dir}.
     */
    public static TestCertificates selfSigned(Path dir, String... subjectAltNames)
            throws IOException, InterruptedException {
        String password = "test-" + Long.toHexString(System.nanoTime());
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.der");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "stub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=switchboard test", "-ext", "SAN=" + String.join(",", subjectAltNames), "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "stub", "-keystore", keyStore.toString(), "-storepass", password, "-file",
                certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "stub", "-file", certificate.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new TestCertificates(keyStore, trustStore, password);
    }

    /** A server-side TLS context presenting the certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
