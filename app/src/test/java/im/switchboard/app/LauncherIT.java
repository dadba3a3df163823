package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.GatewayProcess;
import im.switchboard.app.testing.ProsodyServer;
import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.config.Secret;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.MasterKey;
import im.switchboard.registration.store.CredentialDatabase;
import im.switchboard.registration.store.CredentialStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The distribution's launcher, {@code bin/switchboard}, as an administrator runs it: exit codes, error messages
 * and a graceful stop on SIGTERM, against a real Prosody.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherIT {

    private static final String COMPONENT = "fake.localhost";
    private static final String SECRET = "launcher-secret-" + System.nanoTime();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path workDir;

    private ProsodyServer prosody;

    @BeforeAll
    void startProsody() {
        prosody = ProsodyServer.builder(workDir.resolve("prosody"))
                .component(COMPONENT, SECRET)
                .user("romeo", "localhost", "romeo-pw")
                .build();
        prosody.start();
    }

    @AfterAll
    void stopProsody() {
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void versionPrintsTheVersion() throws Exception {
        GatewayProcess.Result result = launch(List.of("version")).await();
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().matches("(?s)Switchboard \\d+\\.\\d+\\.\\d+.*"), result.output());
    }

    @Test
    void checkConfigListsEveryProblemWithItsKeyPath() throws Exception {
        Path config = write("bad.toml", """
                [xmpp]
                port = 70000
                [gateway]
                [components.fake]
                domain = "fake.localhost"
                """);
        GatewayProcess.Result result = launch(List.of("check-config", "--config", config.toString())).await();
        assertEquals(ExitCode.INVALID_CONFIGURATION.code(), result.exitCode(), result.output());
        assertTrue(result.output().contains("xmpp.port"), result.output());
        assertTrue(result.output().contains("gateway.allowed-domains"), result.output());
        assertTrue(result.output().contains("components.fake.secret"), result.output());
        assertTrue(result.output().contains("store.database"), result.output());
    }

    @Test
    void rotateKeyReEncryptsTheStoreUnderTheNewKey() throws Exception {
        Path oldKey = workDir.resolve("rotation/old.key");
        Path newKey = workDir.resolve("rotation/new.key");
        Files.createDirectories(oldKey.getParent());
        assertEquals(0, launch(List.of("keygen", oldKey.toString())).await().exitCode());
        assertEquals(0, launch(List.of("keygen", newKey.toString())).await().exitCode());
        Path database = workDir.resolve("rotation-data/credentials.mv.db");
        try (CredentialDatabase store = CredentialDatabase.open(database, MasterKey.readFrom(oldKey))) {
            store.forDomain(COMPONENT).save(new Registration("romeo@localhost", Map.of("username", "romeo"),
                    Map.of("password", Secret.of("rotation-pw"))));
        }
        Path config = write("rotation.toml", """
                [gateway]
                allowed-domains = ["localhost"]
                [store]
                database = "%s"
                master-key-file = "%s"
                [components.fake]
                domain = "%s"
                secret = "%s"
                """.formatted(database, oldKey, COMPONENT, SECRET));
        GatewayProcess.Result result = launch(List.of("rotate-key", "--config", config.toString(), "--new-key-file",
                newKey.toString())).await();
        assertEquals(0, result.exitCode(), result.output());
        try (CredentialDatabase store = CredentialDatabase.open(database, MasterKey.readFrom(newKey))) {
            assertEquals(Secret.of("rotation-pw"),
                    store.forDomain(COMPONENT).find("romeo@localhost").orElseThrow().secrets().get("password"));
        }
        assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(database, MasterKey.readFrom(oldKey)).close());
    }

    @Test
    void aMasterKeyThatOthersCanReadIsRefused() throws Exception {
        Path key = workDir.resolve("loose/master.key");
        Files.createDirectories(key.getParent());
        assertEquals(0, launch(List.of("keygen", key.toString())).await().exitCode());
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path config = write("loose.toml", """
                [gateway]
                allowed-domains = ["localhost"]
                [store]
                database = "%s"
                master-key-file = "%s"
                [components.fake]
                domain = "%s"
                secret = "%s"
                """.formatted(workDir.resolve("loose-data/credentials.mv.db"), key, COMPONENT, SECRET));
        GatewayProcess.Result result = launch(List.of("run", "--config", config.toString())).await();
        // THREATS G2: fail closed, with a message that says what to fix; no database is created.
        assertEquals(ExitCode.STORE_UNAVAILABLE.code(), result.exitCode(), result.output());
        assertTrue(result.output().contains(key.toString()), result.output());
        assertTrue(Files.notExists(workDir.resolve("loose-data/credentials.mv.db")));
    }

    @Test
    void wrongSecretExitsNonZeroNamingTheDomain() throws Exception {
        Path config = config("not-the-" + SECRET);
        GatewayProcess.Result result = launch(List.of("run", "--config", config.toString())).await();
        // THREATS X3: a configuration error at start-up is reported clearly, no retry loop.
        assertEquals(ExitCode.CANNOT_ATTACH.code(), result.exitCode(), result.output());
        assertTrue(result.output().contains(COMPONENT), result.output());
        assertTrue(result.output().contains("127.0.0.1:" + prosody.componentPort()), result.output());
    }

    @Test
    void noServerListeningExitsWithTheRestartableCode() throws Exception {
        int unusedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unusedPort = probe.getLocalPort();
        }
        Path config = write("unreachable.toml", """
                [xmpp]
                host = "127.0.0.1"
                port = %d
                [gateway]
                allowed-domains = ["localhost"]
                %s
                [components.fake]
                domain = "%s"
                secret = "%s"
                """.formatted(unusedPort, store(), COMPONENT, SECRET));
        GatewayProcess.Result result = launch(List.of("run", "--config", config.toString())).await();
        // A server that is not up yet is not a configuration error: a supervisor may start the gateway again.
        assertEquals(ExitCode.SERVER_UNREACHABLE.code(), result.exitCode(), result.output());
        assertTrue(result.output().contains("nothing listens at 127.0.0.1:" + unusedPort), result.output());
    }

    @Test
    void sigtermStopsGracefullyWithUnavailablePresenceAndExitZero() throws Exception {
        Path config = config(SECRET);
        GatewayProcess gateway = launch(List.of("run", "--config", config.toString()));
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            gateway.awaitOutput("Switchboard is running", WAIT);
            // The launched gateway is attached: it answers a ping through Prosody (XEP-0199).
            assertTrue(PingManager.getInstanceFor(romeo.connection()).ping(JidCreate.from(COMPONENT)));
            gateway.process().destroy(); // SIGTERM
            GatewayProcess.Result result = gateway.await();
            // THREATS C2: a graceful stop is a normal end.
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("stopped"), result.output());
        }
    }

    private Path config(String secret) throws Exception {
        return write("switchboard.toml", """
                [xmpp]
                host = "127.0.0.1"
                port = %d

                [gateway]
                allowed-domains = ["localhost"]

                %s

                [components.fake]
                domain = "%s"
                secret = "%s"
                """.formatted(prosody.componentPort(), store(), COMPONENT, secret));
    }

    /** A {@code [store]} section with a key made by {@code switchboard keygen}, once per test class. */
    private String store() throws Exception {
        Path key = workDir.resolve("keys/master.key");
        if (!Files.exists(key)) {
            Files.createDirectories(key.getParent());
            GatewayProcess.Result keygen = launch(List.of("keygen", key.toString())).await();
            assertEquals(0, keygen.exitCode(), keygen.output());
        }
        return """
                [store]
                database = "%s"
                master-key-file = "%s"
                """.formatted(workDir.resolve("data/credentials.mv.db"), key);
    }

    private Path write(String name, String text) throws IOException {
        Path file = workDir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private GatewayProcess launch(List<String> args) throws IOException {
        Path launcher = distribution().resolve("bin/switchboard");
        return GatewayProcess.start(Stream.concat(Stream.of(launcher.toString()), args.stream()).toList(),
                Map.of("SWITCHBOARD_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "SWITCHBOARD_EXTRA_CLASSPATH", fakeBridgeLocation().toString()), workDir);
    }

    /** The unpacked distribution that {@code ./mvnw package} built (Failsafe runs after the package phase). */
    private static Path distribution() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("target"))) {
            Path dist = dirs.filter(p -> Files.isDirectory(p)
                            && p.getFileName().toString().matches("switchboard-.*-dist"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no distribution under app/target: run ./mvnw package"));
            try (Stream<Path> inner = Files.list(dist)) {
                return inner.findFirst().orElseThrow();
            }
        }
    }

    /** Where the reference FakeBridge is (component-core's test classes or test-jar). */
    private static Path fakeBridgeLocation() {
        try {
            return Path.of(FakeBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
