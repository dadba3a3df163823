package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.app.testing.GatewayProcess;
import im.switchboard.app.testing.ProsodyServer;
import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.MasterKey;
import im.switchboard.registration.store.CrashingGatewayMain;
import im.switchboard.registration.store.CredentialDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jxmpp.jid.impl.JidCreate;

/**
 * THREATS G5: the whole gateway process is killed ({@code kill -9}) at points inside a registration's write; after a
 * restart the user is either fully registered (every field and secret, as sent) or absent, and the gateway starts.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationCrashIT {

    private static final String COMPONENT = "fake.localhost";
    private static final String SECRET = "crash-" + System.nanoTime();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path workDir;

    private ProsodyServer prosody;
    private Path config;
    private Path database;
    private Path keyFile;

    @BeforeAll
    void start() throws Exception {
        ProsodyServer.Builder builder = ProsodyServer.builder(workDir.resolve("prosody")).component(COMPONENT, SECRET);
        for (String user : List.of("romeo", "juliet", "benvolio", "mercutio")) {
            builder.user(user, "localhost", user + "-pw");
        }
        prosody = builder.build();
        prosody.start();
        keyFile = workDir.resolve("keys/master.key");
        Files.createDirectories(keyFile.getParent());
        MasterKey.generate().writeTo(keyFile);
        database = workDir.resolve("data/credentials.mv.db");
        config = workDir.resolve("switchboard.toml");
        Files.writeString(config, """
                [xmpp]
                host = "127.0.0.1"
                port = %d
                [gateway]
                allowed-domains = ["localhost"]
                [store]
                database = "%s"
                master-key-file = "%s"
                [components.fake]
                domain = "%s"
                secret = "%s"
                """.formatted(prosody.componentPort(), database, keyFile, COMPONENT, SECRET));
    }

    @AfterAll
    void stop() {
        if (prosody != null) {
            prosody.close();
        }
    }

    @ParameterizedTest(name = "killed at {1} while {0} registers")
    @CsvSource({
        "romeo,save-after-delete,false",
        "juliet,save-before-commit,false",
        "benvolio,save-after-commit,true",
    })
    void aRegistrationKilledMidWriteIsWholeOrAbsentAfterARestart(String user, String point, boolean committed)
            throws Exception {
        String legacyPassword = "Pw-" + user + "-" + Long.toHexString(System.nanoTime());
        GatewayProcess crashing = gateway(Optional.of(point), user + "-legacy:" + legacyPassword);
        try (XmppTestClient client = XmppTestClient.login(prosody, user, user + "-pw");
             AutoCloseable cleanup = crashing.process()::destroyForcibly) {
            crashing.awaitOutput("Switchboard is running", WAIT);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("username", user + "-legacy");
            fields.put("password", legacyPassword);
            fields.put("nick", user);
            org.jivesoftware.smackx.iqregister.packet.Registration request =
                    new org.jivesoftware.smackx.iqregister.packet.Registration(fields);
            request.setType(IQ.Type.set);
            request.setTo(JidCreate.fromOrThrowUnchecked(COMPONENT));
            client.send(request);
            crashing.awaitOutput("CRASH-POINT " + point, WAIT);
            crashing.kill();
        }

        // The gateway starts again on the same store, and stops cleanly.
        GatewayProcess restarted = gateway(Optional.empty(), "");
        try (AutoCloseable cleanup = restarted.process()::destroyForcibly) {
            restarted.awaitOutput("Switchboard is running", WAIT);
            restarted.process().destroy();
            GatewayProcess.Result stopped = restarted.await();
            assertEquals(0, stopped.exitCode(), stopped.output());
        }

        try (CredentialDatabase store = CredentialDatabase.open(database, MasterKey.readFrom(keyFile))) {
            Optional<Registration> found = store.forDomain(COMPONENT).find(user + "@localhost");
            assertEquals(committed, found.isPresent(), "registered after a kill at " + point);
            if (found.isPresent()) {
                assertEquals(Map.of("username", user + "-legacy", "nick", user), found.get().fields());
                assertEquals(Map.of("password", Secret.of(legacyPassword)), found.get().secrets());
            }
        }
    }

    /** The gateway as its own JVM, with the FakeBridge on the class path and a crash point armed if given. */
    private GatewayProcess gateway(Optional<String> crashPoint, String fakeAccounts) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        crashPoint.ifPresent(point -> command.add("-Dcrash.point=" + point));
        // The distribution's logging (to stdout), not the test JVM's logback-test.xml.
        command.add("-Dlogback.configurationFile=" + Path.of("src/main/dist/etc/logback.xml").toAbsolutePath());
        command.add("-Dswitchboard.fake.accounts=" + fakeAccounts);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingGatewayMain.class.getName());
        command.addAll(List.of("run", "--config", config.toString()));
        return GatewayProcess.start(command, Map.of(), workDir);
    }
}
