package im.switchboard.config;

import static im.switchboard.config.TestSettings.MINIMAL;
import static im.switchboard.config.TestSettings.SCHEMA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.ConfigException.Problem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every kind of problem, all reported together in one exception with their key paths. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigProblemsTest {

    @Test
    void everyProblemIsReportedAtOnceSortedByKeyPath() {
        String toml = """
                colour = "blue"
                [xmpp]
                host = 42
                port = 70000
                secret = "correct horse battery"
                tunnelled = "yes"
                ping-interval = "-5s"
                allowed-domains = ["montague.lit", 1]
                tls = "ssl"
                prot = 5347

                [store]
                data-dir = ""

                [components.irc]
                domain = "irc.example.org"
                bridge = "xmpp"
                max-users = 0

                [components.Bad_Name]
                domain = "x"

                [components.mail]
                domain = "mail.example.org"
                secret = "s"
                bridge = "email"
                extra = true
                """;
        Map<String, String> env = Map.of(
                "SWITCHBOARD_XMPP_HOTS", "typo.example.org",
                "SWITCHBOARD_COMPONENTS_MAIL_MAX_USERS", "many",
                "SWITCHBOARD_HOME", "/opt/switchboard",
                "SWITCHBOARD_LOG_LEVEL", "DEBUG",
                "SWITCHBOARD_LOGBACK", "/etc/switchboard/logback.xml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(toml, "switchboard.toml", SCHEMA, env, ConfigLoader.NON_CONFIG_VARIABLES));
        List<Problem> expected = List.of(
                new Problem("SWITCHBOARD_XMPP_HOTS", "environment variable matches no setting"),
                new Problem("colour", "unknown section (line 1); known sections: xmpp, store, components"),
                new Problem("components.Bad_Name", "entry name must match [a-z][a-z0-9-]*"),
                new Problem("components.irc.bridge",
                        "must be one of irc, email, sms (got \"xmpp\", line 17, column 1)"),
                new Problem("components.irc.max-users", "must be from 1 to 10000 (got 0, line 18, column 1)"),
                new Problem("components.irc.secret",
                        "is required: set it in the file or in SWITCHBOARD_COMPONENTS_IRC_SECRET"),
                new Problem("components.mail.extra",
                        "unknown key (line 27); known keys: domain, secret, bridge, max-users"),
                new Problem("components.mail.max-users",
                        "must be an integer (got \"many\", from SWITCHBOARD_COMPONENTS_MAIL_MAX_USERS)"),
                new Problem("store.data-dir", "must not be empty (got \"\", line 13, column 1)"),
                new Problem("store.key", "is required: set it in the file or in SWITCHBOARD_STORE_KEY"),
                new Problem("xmpp.allowed-domains", "must be an array of strings (got an array, line 8, column 1)"),
                new Problem("xmpp.host", "must be a string (got 42, line 3, column 1)"),
                new Problem("xmpp.ping-interval", "must not be negative (got \"-5s\", line 7, column 1)"),
                new Problem("xmpp.port", "must be from 1 to 65535 (got 70000, line 4, column 1)"),
                new Problem("xmpp.prot", "unknown key (line 10); known keys: host, port, secret, tunnelled,"
                        + " ping-interval, allowed-domains, tls, ca-file"),
                new Problem("xmpp.tls", "must be one of plain, direct-tls, starttls (got \"ssl\", line 9, column 1)"),
                new Problem("xmpp.tunnelled", "must be true or false (got \"yes\", line 6, column 1)"));
        assertEquals(expected, e.problems(), e.getMessage());
        assertEquals("switchboard.toml", e.source());
        String[] lines = e.getMessage().split("\n");
        assertEquals("Configuration switchboard.toml has 17 problems:", lines[0]);
        assertEquals(18, lines.length);
        assertEquals("  xmpp.port: must be from 1 to 65535 (got 70000, line 4, column 1)", lines[14]);
    }

    @Test
    void sectionsAndEntriesMustBeTables() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("xmpp = 1\ncomponents = { irc = 2 }\n", SCHEMA));
        assertEquals(List.of(
                new Problem("components.irc", "must be a table: [components.irc] (line 2)"),
                new Problem("store.key", "is required: set it in the file or in SWITCHBOARD_STORE_KEY"),
                new Problem("xmpp", "must be a table: [xmpp] (line 1)"),
                new Problem("xmpp.secret", "is required: set it in the file or in SWITCHBOARD_XMPP_SECRET")),
                e.problems());
    }

    @Test
    void nestedTablesInsideASectionAreUnknownKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(MINIMAL + "[xmpp.tls-options]\nverify = true\n", SCHEMA));
        assertEquals("xmpp.tls-options", e.problems().get(0).keyPath());
        assertTrue(e.problems().get(0).message().startsWith("unknown key"));
    }

    @Test
    void oddKeysAreQuotedInKeyPaths() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("\"we ird\" = 1\ncomponents.\"a\\nb\" = {}\n" + MINIMAL, SCHEMA));
        assertEquals("\"we ird\"", e.problems().get(0).keyPath());
        assertEquals("components.\"a\\nb\"", e.problems().get(1).keyPath());
    }

    @Test
    void badEnvironmentValuesNameTheirVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(MINIMAL, SCHEMA, Map.of(
                "SWITCHBOARD_XMPP_PORT", "http", "SWITCHBOARD_XMPP_TUNNELLED", "yes",
                "SWITCHBOARD_XMPP_PING_INTERVAL", "5 minutes", "SWITCHBOARD_XMPP_TLS", "ssl",
                "SWITCHBOARD_XMPP_HOST", " ")));
        assertEquals(List.of(
                new Problem("xmpp.host", "must not be blank (got \" \", from SWITCHBOARD_XMPP_HOST)"),
                new Problem("xmpp.ping-interval", "must be a duration: a whole number with a unit ms, s, m, h or d"
                        + " (such as \"30s\"), or a whole number of seconds"
                        + " (got \"5 minutes\", from SWITCHBOARD_XMPP_PING_INTERVAL)"),
                new Problem("xmpp.port", "must be an integer (got \"http\", from SWITCHBOARD_XMPP_PORT)"),
                new Problem("xmpp.tls", "must be one of plain, direct-tls, starttls (got \"ssl\", from"
                        + " SWITCHBOARD_XMPP_TLS)"),
                new Problem("xmpp.tunnelled", "must be true or false (got \"yes\", from SWITCHBOARD_XMPP_TUNNELLED)")),
                e.problems());
    }

    @Test
    void badDurations() {
        Setting<java.time.Duration> d = Setting.duration("d").description("A duration.").build();
        Schema schema = Schema.of(Section.of("t", "Test.", d));
        for (String toml : List.of("\"5\"", "\"1.5s\"", "\"5 s\"", "\"5sec\"", "\"-1s\"", "-3", "1.5", "true",
                "\"99999999999999999999s\"", "\"9223372036854775807d\"")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.d = " + toml, schema),
                    toml);
            assertEquals("t.d", e.problems().get(0).keyPath(), toml);
        }
    }

    @Test
    void integersOutsideThirtyTwoBitsAreRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(MINIMAL + "[components.irc]\nmax-users = 3000000000\n"
                        + "domain = \"d\"\nsecret = \"s\"\nbridge = \"irc\"\n", SCHEMA));
        assertEquals(List.of(new Problem("components.irc.max-users",
                "must be an integer between -2147483648 and 2147483647 (got 3000000000, line 7, column 1)")),
                e.problems());
    }

    @Test
    void syntaxErrorsReportTheirLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("[xmpp]\nhost = \"a\"\nport = = 5\n", SCHEMA));
        assertEquals(1, e.problems().size(), e.getMessage());
        Problem problem = e.problems().get(0);
        assertEquals("", problem.keyPath());
        assertTrue(problem.message().startsWith("line 3, column 8: unexpected input, expected"), problem.message());
    }

    @Test
    void duplicateKeysAreSyntaxErrors() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("[xmpp]\nport = 1\nport = 2\n", SCHEMA));
        assertEquals(List.of(new Problem("", "line 3, column 1: port previously defined at line 2, column 1")),
                e.problems());
    }

    @Test
    void anEnvironmentVariableThatMatchesTwoSettingsIsAmbiguous() {
        Setting<String> plain = Setting.string("secret").description("Plain.").build();
        Setting<String> named = Setting.string("secret").description("Named.").build();
        Schema schema = Schema.of(Section.of("a-b", "Plain.", plain), Section.named("a", "Named.", named));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("[a.b]\n", schema, Map.of("SWITCHBOARD_A_B_SECRET", "x")));
        assertEquals(List.of(new Problem("SWITCHBOARD_A_B_SECRET", "environment variable is ambiguous: it matches"
                + " a-b.secret and a.b.secret; set these in the file instead")), e.problems());
    }
}
