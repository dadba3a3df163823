package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.ProsodyServer;
import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.config.Config;
import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Secret;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.registration.RegistrationStore;
import im.switchboard.registration.crypto.MasterKey;
import im.switchboard.registration.store.CredentialDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * In-band registration (XEP-0077) end to end: a real Prosody, a real client (Smack), the whole gateway with the
 * encrypted credential store, and the reference FakeBridge checking the legacy credentials. Afterwards every file
 * the gateway wrote is searched for the test passwords (THREATS G2, G3).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrationEndToEndIT {

    private static final String COMPONENT = "fake.localhost";
    private static final String SECRET = "registration-e2e-" + System.nanoTime();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PARALLEL_USERS = 20;
    /** Every legacy password this test hands to the gateway: none may be found in any file afterwards. */
    private static final List<String> PASSWORDS = new ArrayList<>();

    @TempDir
    static Path workDir;

    private ProsodyServer prosody;
    private CredentialDatabase database;
    private RegistrationStore store;
    private Gateway gateway;
    private FakeNetwork network;
    private Path logFile;

    private static String password(String seed) {
        String password = "Pw-" + seed + "-" + Long.toHexString(System.nanoTime()) + "-Zq";
        PASSWORDS.add(password);
        return password;
    }

    @BeforeAll
    void start() throws Exception {
        logFile = Path.of(System.getProperty("switchboard.test.log", "target/gateway-test.log"));
        ProsodyServer.Builder builder = ProsodyServer.builder(workDir.resolve("prosody"))
                .virtualHost("other.localhost")
                .component(COMPONENT, SECRET)
                .user("romeo", "localhost", "romeo-pw")
                .user("mallory", "other.localhost", "mallory-pw");
        for (int i = 0; i < PARALLEL_USERS; i++) {
            builder.user("user" + i, "localhost", "user-pw-" + i);
        }
        prosody = builder.build();
        prosody.start();

        Path keyFile = workDir.resolve("keys/master.key");
        Files.createDirectories(keyFile.getParent());
        MasterKey.generate().writeTo(keyFile);
        Path databaseFile = workDir.resolve("data/credentials.mv.db");
        Config config = ConfigLoader.parse("""
                [xmpp]
                host = "127.0.0.1"
                port = %d

                [gateway]
                allowed-domains = ["localhost"]
                registrations-per-user = 50

                [store]
                database = "%s"
                master-key-file = "%s"

                [components.fake]
                domain = "%s"
                secret = "%s"
                """.formatted(prosody.componentPort(), databaseFile, keyFile, COMPONENT, SECRET),
                SwitchboardSchema.SCHEMA, Map.of());
        database = CredentialDatabase.open(config.get(StoreConfig.DATABASE), StoreConfig.masterKey(config));
        store = database.forDomain(COMPONENT);
        gateway = Gateway.plan(config, "9.9.9-test", database::forDomain);
        gateway.start();
        network = ((FakeBridge) gateway.components().getFirst().bridge()).network();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (database != null) {
            database.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    @Order(1)
    void theFormComesAsLegacyFieldsAndAsADataForm() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            IQ reply = romeo.sendIq(get(), WAIT);
            assertEquals(IQ.Type.result, reply.getType(), reply.toXML().toString());
            Registration form = (Registration) reply;
            // XEP-0077 section 3.1: instructions and the legacy field elements...
            assertNotNull(form.getInstructions());
            assertTrue(form.getAttributes().containsKey("username"), form.toXML().toString());
            assertTrue(form.getAttributes().containsKey("password"), form.toXML().toString());
            // ...and the XEP-0004 form with the same fields, typed and labelled.
            DataForm dataForm = form.getExtension(DataForm.class);
            assertNotNull(dataForm, form.toXML().toString());
            assertEquals("text-private", dataForm.getField("password").getType().toString());
            assertTrue(dataForm.getField("username").isRequired());
            assertFalse(form.toXML().toString().contains("<registered/>"));
        }
    }

    @Test
    @Order(2)
    void registerThenSeeRegisteredAndNoSecretEchoed() {
        String secret = password("romeo");
        network.account("romeo-legacy", secret);
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            IQ reply = romeo.sendIq(set(Map.of("username", "romeo-legacy", "password", secret, "nick", "Romeo")),
                    WAIT);
            assertEquals(IQ.Type.result, reply.getType(), reply.toXML().toString());
            // XEP-0100 section 4.1: the gateway asks to subscribe to the user.
            romeo.awaitPresence(p -> COMPONENT.equals(p.getFrom().toString())
                    && p.getType() == Presence.Type.subscribe, WAIT);
            assertEquals(Secret.of(secret), store.find("romeo@localhost").orElseThrow().secrets().get("password"));

            String again = romeo.sendIq(get(), WAIT).toXML().toString();
            assertTrue(again.contains("<registered/>"), again);
            assertTrue(again.contains("romeo-legacy"), again);
            assertFalse(again.contains(secret), "the stored password is never shown back");
        }
    }

    @Test
    @Order(3)
    void aBadFieldIsRefusedNamingTheField() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            IQ reply = romeo.sendIq(set(Map.of("username", "romeo-legacy", "password", password("crlf"),
                    "nick", "Rom\r\neo")), WAIT);
            // THREATS G1: CR/LF never stored; XEP-0077 section 3.1 not-acceptable with a text naming the field.
            assertEquals(StanzaError.Condition.not_acceptable, reply.getError().getCondition());
            assertTrue(reply.getError().getDescriptiveText().contains("nick"), reply.toXML().toString());
            assertEquals("Romeo", store.find("romeo@localhost").orElseThrow().fields().get("nick"));
        }
    }

    @Test
    @Order(4)
    void wrongLegacyCredentialsAreRefusedAndNothingIsStored() {
        try (XmppTestClient user = XmppTestClient.login(prosody, "user0", "user-pw-0")) {
            IQ reply = user.sendIq(set(Map.of("username", "nobody", "password", password("wrong"))), WAIT);
            // XEP-0100 section 4.1, alternate flow A1: not-acceptable.
            assertEquals(StanzaError.Condition.not_acceptable, reply.getError().getCondition());
            assertTrue(store.find("user0@localhost").isEmpty());
        }
    }

    @Test
    @Order(5)
    void aUserOfAnotherDomainIsRefusedWithoutLegacyTraffic() {
        int attempts = network.loginAttempts().size();
        try (XmppTestClient mallory = XmppTestClient.login(prosody, "mallory", "other.localhost", "mallory-pw")) {
            String secret = password("mallory");
            network.account("mallory-legacy", secret);
            IQ reply = mallory.sendIq(set(Map.of("username", "mallory-legacy", "password", secret)), WAIT);
            // THREATS X2: refused, no bridge call, nothing stored.
            assertEquals(StanzaError.Condition.forbidden, reply.getError().getCondition());
            assertTrue(store.find("mallory@other.localhost").isEmpty());
            assertEquals(attempts, network.loginAttempts().size());
        }
    }

    @Test
    @Order(6)
    void changingThePasswordUpdatesTheStoreAndTheSessionUsesIt() {
        String changed = password("romeo-changed");
        network.account("romeo-legacy", changed);
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            IQ reply = romeo.sendIq(set(Map.of("username", "romeo-legacy", "password", changed)), WAIT);
            assertEquals(IQ.Type.result, reply.getType(), reply.toXML().toString());
            assertEquals(Secret.of(changed), store.find("romeo@localhost").orElseThrow().secrets().get("password"));
            // XEP-0100 section 4.4: available presence to the gateway logs in, with the stored credentials.
            romeo.sendPresence(Presence.Type.available, COMPONENT);
            network.awaitLoggedIn("romeo@localhost", true, WAIT);
            assertEquals("romeo-legacy", network.loginUsername("romeo@localhost").orElseThrow());
        }
    }

    @Test
    @Order(7)
    void twentyUsersRegisterInParallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_USERS);
        try {
            List<Callable<IQ.Type>> registrations = new ArrayList<>();
            for (int i = 0; i < PARALLEL_USERS; i++) {
                int n = i;
                String secret = password("user" + n);
                network.account("legacy" + n, secret);
                registrations.add(() -> {
                    try (XmppTestClient user = XmppTestClient.login(prosody, "user" + n, "user-pw-" + n)) {
                        return user.sendIq(set(Map.of("username", "legacy" + n, "password", secret)), WAIT)
                                .getType();
                    }
                });
            }
            for (Future<IQ.Type> result : pool.invokeAll(registrations)) {
                assertEquals(IQ.Type.result, result.get());
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < PARALLEL_USERS; i++) {
            assertEquals("legacy" + i, store.find("user" + i + "@localhost").orElseThrow().fields().get("username"));
        }
    }

    @Test
    @Order(8)
    void removeClosesTheSessionAndDeletesTheSecrets() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            romeo.sendPresence(Presence.Type.available, COMPONENT);
            network.awaitLoggedIn("romeo@localhost", true, WAIT);
            Registration remove = new Registration(Map.of("remove", ""));
            remove.setType(IQ.Type.set);
            remove.setTo(JidCreate.fromOrThrowUnchecked(COMPONENT));
            IQ reply = romeo.sendIq(removeRequest(), WAIT);
            assertEquals(IQ.Type.result, reply.getType(), reply.toXML().toString());
            // THREATS G6: the legacy session is closed and the secrets are gone.
            network.awaitLoggedIn("romeo@localhost", false, WAIT);
            assertTrue(store.find("romeo@localhost").isEmpty());
        }
    }

    @Test
    @Order(9)
    void noFileTheGatewayWroteHoldsAPassword() throws IOException {
        gateway.close();
        database.close();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(workDir.resolve("data"))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(logFile);
        assertTrue(files.size() >= 2, "the database and the log: " + files);
        assertTrue(Files.size(logFile) > 0, "the gateway logged nothing to " + logFile);
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (String secret : PASSWORDS) {
                for (byte[] encoded : encodings(secret)) {
                    assertEquals(-1, indexOf(content, encoded), "a password is readable in " + file);
                }
            }
        }
        // THREATS G2: the database file alone (copied elsewhere, opened with another key) is useless.
        Path copy = workDir.resolve("stolen/credentials.mv.db");
        Files.createDirectories(copy.getParent());
        Files.copy(workDir.resolve("data/credentials.mv.db"), copy);
        assertThrows(RuntimeException.class, () -> CredentialDatabase.open(copy, MasterKey.generate()).close());
    }

    private static List<byte[]> encodings(String secret) {
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        return List.of(utf8, secret.getBytes(StandardCharsets.UTF_16LE), secret.getBytes(StandardCharsets.UTF_16BE),
                Base64.getEncoder().encode(utf8), HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().withUpperCase().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Registration get() {
        Registration request = new Registration();
        request.setType(IQ.Type.get);
        request.setTo(JidCreate.fromOrThrowUnchecked(COMPONENT));
        return request;
    }

    private static Registration set(Map<String, String> fields) {
        Registration request = new Registration(new LinkedHashMap<>(fields));
        request.setType(IQ.Type.set);
        request.setTo(JidCreate.fromOrThrowUnchecked(COMPONENT));
        return request;
    }

    /** XEP-0077 section 3.2: {@code <query xmlns='jabber:iq:register'><remove/></query>}. */
    private static Registration removeRequest() {
        Registration request = new Registration(Map.of("remove", ""));
        request.setType(IQ.Type.set);
        request.setTo(JidCreate.fromOrThrowUnchecked(COMPONENT));
        return request;
    }
}
