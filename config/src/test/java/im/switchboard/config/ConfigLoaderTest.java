package im.switchboard.config;

import static im.switchboard.config.TestSettings.BRIDGE;
import static im.switchboard.config.TestSettings.CA;
import static im.switchboard.config.TestSettings.COMPONENTS;
import static im.switchboard.config.TestSettings.COMPONENT_SECRET;
import static im.switchboard.config.TestSettings.DATA_DIR;
import static im.switchboard.config.TestSettings.DOMAIN;
import static im.switchboard.config.TestSettings.DOMAINS;
import static im.switchboard.config.TestSettings.HOST;
import static im.switchboard.config.TestSettings.KEY;
import static im.switchboard.config.TestSettings.MAX_USERS;
import static im.switchboard.config.TestSettings.MINIMAL;
import static im.switchboard.config.TestSettings.PING;
import static im.switchboard.config.TestSettings.PORT;
import static im.switchboard.config.TestSettings.SCHEMA;
import static im.switchboard.config.TestSettings.TLS;
import static im.switchboard.config.TestSettings.TUNNELLED;
import static im.switchboard.config.TestSettings.XMPP_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.TestSettings.Bridge;
import im.switchboard.config.TestSettings.Tls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading values: every type, defaults, environment overrides, named tables, files. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigLoaderTest {

    @Test
    void everyTypeIsReadFromTheFile() {
        Config config = ConfigLoader.parse("""
                [xmpp]
                host = "xmpp.example.org"
                port = 5275
                secret = "correct horse battery"
                tunnelled = true
                ping-interval = "5m"
                allowed-domains = ["montague.lit", "capulet.lit"]
                tls = "Direct-TLS"
                ca-file = "/etc/ssl/ca.pem"

                [store]
                data-dir = "/var/lib/switchboard"
                key = "store-key-0123456789"
                """, SCHEMA);
        assertEquals("xmpp.example.org", config.get(HOST));
        assertEquals(5275, config.get(PORT));
        assertEquals(Secret.of("correct horse battery"), config.get(XMPP_SECRET));
        assertEquals(true, config.get(TUNNELLED));
        assertEquals(Duration.ofMinutes(5), config.get(PING));
        assertEquals(List.of("montague.lit", "capulet.lit"), config.get(DOMAINS));
        assertEquals(Tls.DIRECT_TLS, config.get(TLS));
        assertEquals(Path.of("/etc/ssl/ca.pem"), config.get(CA));
        assertEquals(Path.of("/var/lib/switchboard"), config.get(DATA_DIR));
        assertEquals("store-key-0123456789", config.get(KEY).reveal());
    }

    @Test
    void defaultsApplyWhenKeysAreAbsent() {
        Config config = ConfigLoader.parse(MINIMAL, SCHEMA);
        assertEquals("127.0.0.1", config.get(HOST));
        assertEquals(5347, config.get(PORT));
        assertEquals(false, config.get(TUNNELLED));
        assertEquals(Duration.ofSeconds(30), config.get(PING));
        assertEquals(List.of(), config.get(DOMAINS));
        assertEquals(Tls.PLAIN, config.get(TLS));
        assertEquals(Path.of("data"), config.get(DATA_DIR));
        assertEquals(Optional.empty(), config.find(CA));
        assertEquals(Optional.of(5347), config.find(PORT));
        IllegalStateException unset = assertThrows(IllegalStateException.class, () -> config.get(CA));
        assertTrue(unset.getMessage().contains("xmpp.ca-file"), unset.getMessage());
        assertEquals(List.of(), config.entries(COMPONENTS));
    }

    @Test
    void durationsInEverySyntax() {
        Map<String, Duration> cases = Map.of(
                "\"500ms\"", Duration.ofMillis(500),
                "\"30s\"", Duration.ofSeconds(30),
                "\"2h\"", Duration.ofHours(2),
                "\"1d\"", Duration.ofDays(1),
                "45", Duration.ofSeconds(45));
        Setting<Duration> any = Setting.duration("timeout").description("Any duration.").build();
        Schema schema = Schema.of(Section.of("net", "Network.", any));
        cases.forEach((toml, expected) ->
                assertEquals(expected, ConfigLoader.parse("net.timeout = " + toml, schema).get(any), toml));
        assertEquals(Duration.ofMillis(1500), ConfigLoader.parse("", schema,
                Map.of("SWITCHBOARD_NET_TIMEOUT", "1500ms")).get(any));
        assertEquals(Duration.ofSeconds(90), ConfigLoader.parse("", schema,
                Map.of("SWITCHBOARD_NET_TIMEOUT", "90")).get(any));
    }

    @Test
    void environmentOverridesTheFile() {
        Map<String, String> env = Map.of(
                "SWITCHBOARD_XMPP_HOST", "env.example.org",
                "SWITCHBOARD_XMPP_PORT", "15347",
                "SWITCHBOARD_XMPP_SECRET", "secret from the environment",
                "SWITCHBOARD_XMPP_TUNNELLED", "TRUE",
                "SWITCHBOARD_XMPP_PING_INTERVAL", "2m",
                "SWITCHBOARD_XMPP_ALLOWED_DOMAINS", "montague.lit, capulet.lit,,",
                "SWITCHBOARD_XMPP_TLS", "starttls",
                "SWITCHBOARD_STORE_DATA_DIR", "/srv/data",
                "PATH", "/usr/bin");
        Config config = ConfigLoader.parse(MINIMAL, SCHEMA, env);
        assertEquals("env.example.org", config.get(HOST));
        assertEquals(15347, config.get(PORT));
        assertEquals("secret from the environment", config.get(XMPP_SECRET).reveal());
        assertEquals(true, config.get(TUNNELLED));
        assertEquals(Duration.ofMinutes(2), config.get(PING));
        assertEquals(List.of("montague.lit", "capulet.lit"), config.get(DOMAINS));
        assertEquals(Tls.STARTTLS, config.get(TLS));
        assertEquals(Path.of("/srv/data"), config.get(DATA_DIR));
        assertEquals("store-key-0123456789", config.get(KEY).reveal());
    }

    @Test
    void environmentAloneCanSatisfyRequiredSettings() {
        Config config = ConfigLoader.parse("", SCHEMA, Map.of(
                "SWITCHBOARD_XMPP_SECRET", "correct horse battery",
                "SWITCHBOARD_STORE_KEY", "k"));
        assertEquals("k", config.get(KEY).reveal());
        assertEquals("correct horse battery", config.get(XMPP_SECRET).reveal());
    }

    @Test
    void emptyEnvironmentListIsAnEmptyList() {
        Config config = ConfigLoader.parse(MINIMAL, SCHEMA,
                Map.of("SWITCHBOARD_XMPP_ALLOWED_DOMAINS", ""));
        assertEquals(List.of(), config.get(DOMAINS));
    }

    @Test
    void namedTablesAreReadPerEntry() {
        Config config = ConfigLoader.parse(MINIMAL + """
                [components.irc]
                domain = "irc.example.org"
                secret = "irc-secret"
                bridge = "irc"
                max-users = 50

                [components.mail]
                domain = "mail.example.org"
                secret = "mail-secret"
                bridge = "EMAIL"
                """, SCHEMA, Map.of("SWITCHBOARD_COMPONENTS_MAIL_SECRET", "mail-from-env"));
        assertEquals(List.of("irc", "mail"), config.entries(COMPONENTS));
        ConfigEntry irc = config.entry(COMPONENTS, "irc");
        assertEquals("irc", irc.name());
        assertEquals(COMPONENTS, irc.section());
        assertEquals("irc.example.org", irc.get(DOMAIN));
        assertEquals(Bridge.IRC, irc.get(BRIDGE));
        assertEquals(50, irc.get(MAX_USERS));
        assertEquals("irc-secret", irc.get(COMPONENT_SECRET).reveal());
        ConfigEntry mail = config.entry(COMPONENTS, "mail");
        assertEquals(Bridge.EMAIL, mail.get(BRIDGE));
        assertEquals("mail-from-env", mail.get(COMPONENT_SECRET).reveal());
        assertEquals(Optional.empty(), mail.find(MAX_USERS));
    }

    @Test
    void namedTablesInInlineSyntax() {
        Config config = ConfigLoader.parse(
                "components.sms = { domain = \"sms.example.org\", secret = \"s\", bridge = \"sms\" }\n" + MINIMAL,
                SCHEMA);
        assertEquals("sms.example.org", config.entry(COMPONENTS, "sms").get(DOMAIN));
    }

    @Test
    void environmentOverridesOnlyEntriesPresentInTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(MINIMAL, SCHEMA,
                Map.of("SWITCHBOARD_COMPONENTS_IRC_DOMAIN", "irc.example.org")));
        assertEquals(1, e.problems().size(), e.getMessage());
        ConfigException.Problem problem = e.problems().get(0);
        assertEquals("SWITCHBOARD_COMPONENTS_IRC_DOMAIN", problem.keyPath());
        assertTrue(problem.message().contains("matches no setting"), problem.message());
        assertTrue(problem.message().contains("[components] must exist in the file"), problem.message());
    }

    @Test
    void launcherVariablesAreNotConfiguration() {
        Map<String, String> env = Map.of("SWITCHBOARD_HOME", "/opt/switchboard", "SWITCHBOARD_OPTS", "-Xmx64m",
                "SWITCHBOARD_CONFIG", "/etc/switchboard.toml", "SWITCHBOARD_EXTRA_CLASSPATH", "/x",
                "SWITCHBOARD_JAVA", "/usr/bin/java");
        assertEquals(5347, ConfigLoader.parse(MINIMAL, SCHEMA, env).get(PORT));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(MINIMAL, "<test>", SCHEMA,
                Map.of("SWITCHBOARD_HOME", "/opt", "SWITCHBOARD_DEBUG", "1"), Set.of("SWITCHBOARD_DEBUG")));
        assertEquals(List.of("SWITCHBOARD_HOME"), e.problems().stream().map(ConfigException.Problem::keyPath)
                .toList());
    }

    @Test
    void loadsAFileAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, MINIMAL, StandardCharsets.UTF_8);
        Config config = ConfigLoader.load(file, SCHEMA, Map.of("SWITCHBOARD_XMPP_PORT", "1234"));
        assertEquals(1234, config.get(PORT));
        assertEquals("correct horse battery", config.get(XMPP_SECRET).reveal());
    }

    @Test
    void aMissingFileIsAConfigProblem(@TempDir Path dir) {
        Path file = dir.resolve("absent.toml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SCHEMA, Map.of()));
        assertEquals(file.toString(), e.source());
        assertEquals(List.of(new ConfigException.Problem("", "cannot read the file: no such file")), e.problems());
        assertTrue(e.getMessage().startsWith("Configuration " + file + " has 1 problem:"), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsAConfigProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.toml");
        Files.write(file, new byte[] {'a', ' ', '=', ' ', '"', (byte) 0xe9, '"', '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SCHEMA, Map.of()));
        assertEquals("cannot read the file: it is not valid UTF-8", e.problems().get(0).message());
    }

    @Test
    void envVariableNames() {
        assertEquals("SWITCHBOARD_XMPP_HOST", ConfigLoader.envVariable("xmpp.host"));
        assertEquals("SWITCHBOARD_XMPP_PING_INTERVAL", ConfigLoader.envVariable("xmpp.ping-interval"));
        assertEquals("SWITCHBOARD_COMPONENTS_IRC_SECRET", ConfigLoader.envVariable("components.irc.secret"));
    }
}
