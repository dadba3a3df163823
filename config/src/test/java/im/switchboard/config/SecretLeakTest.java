package im.switchboard.config;

import static im.switchboard.config.TestSettings.COMPONENTS;
import static im.switchboard.config.TestSettings.MINIMAL;
import static im.switchboard.config.TestSettings.SCHEMA;
import static im.switchboard.config.TestSettings.XMPP_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREATS G3: no secret value in any problem message, toString() or description. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SecretLeakTest {

    private static final String LEAK = "Qx7Leak";

    private static ConfigException fails(String toml, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(toml, SCHEMA, env));
        assertNoLeak(e.getMessage());
        assertNoLeak(e.toString());
        e.problems().forEach(p -> assertNoLeak(p.toString()));
        return e;
    }

    private static void assertNoLeak(String text) {
        assertFalse(text.contains(LEAK), text);
        assertFalse(text.contains("Qx7"), text);
    }

    @Test
    void aSecretOfTheWrongTypeSaysOnlyWhatWasExpected() {
        ConfigException e = fails("[xmpp]\nsecret = [\"" + LEAK + "\"]\n[store]\nkey = 7007\n", Map.of());
        assertEquals(List.of(new ConfigException.Problem("store.key", "must be a string (line 4, column 1)"),
                new ConfigException.Problem("xmpp.secret", "must be a string (line 2, column 1)")), e.problems());
    }

    @Test
    void aSecretFailingACheckIsNotShown() {
        ConfigException e = fails("[xmpp]\nsecret = \"" + LEAK + "\"\n[store]\nkey = \"k\"\n", Map.of());
        assertEquals(List.of(new ConfigException.Problem("xmpp.secret",
                "must be at least 8 characters (line 2, column 1)")), e.problems());
        ConfigException fromEnv = fails(MINIMAL, Map.of("SWITCHBOARD_XMPP_SECRET", LEAK));
        assertEquals(List.of(new ConfigException.Problem("xmpp.secret",
                "must be at least 8 characters (from SWITCHBOARD_XMPP_SECRET)")), fromEnv.problems());
    }

    @Test
    void valuesOfUnknownKeysAndVariablesAreNotShown() {
        ConfigException e = fails(MINIMAL.replace("[xmpp]\n", "[xmpp]\npassw0rd = \"" + LEAK + "\"\n"),
                Map.of("SWITCHBOARD_XMPP_SECRT", LEAK));
        assertEquals(List.of("SWITCHBOARD_XMPP_SECRT", "xmpp.passw0rd"),
                e.problems().stream().map(ConfigException.Problem::keyPath).toList());
    }

    @Test
    void syntaxErrorsDoNotEchoTheInput() {
        // An unquoted secret: tomlj would say "Unexpected 'Q'".
        ConfigException unquoted = fails("[xmpp]\nsecret = " + LEAK + "\n", Map.of());
        assertFalse(unquoted.getMessage().contains("'Q'"), unquoted.getMessage());
        assertTrue(unquoted.getMessage().contains("line 2, column 10: unexpected input, expected"),
                unquoted.getMessage());
        // An invalid escape inside a secret: tomlj would quote the escape sequence.
        ConfigException e = fails("[xmpp]\nsecret = \"Qx7\\q\"\n", Map.of());
        assertTrue(e.problems().get(0).message().startsWith("line 2, column "), e.getMessage());
        assertFalse(e.getMessage().contains("\\q"), e.getMessage());
        fails("[xmpp]\nsecret = '" + LEAK + "' '" + LEAK + "'\n", Map.of());
    }

    @Test
    void describeAndToStringMaskSecrets() {
        Config config = ConfigLoader.parse(MINIMAL.replace("correct horse battery", LEAK + "-long") + """
                [components.irc]
                domain = "irc.example.org"
                secret = "%s"
                bridge = "irc"
                """.formatted(LEAK), SCHEMA, Map.of("SWITCHBOARD_STORE_KEY", LEAK));
        assertEquals(LEAK + "-long", config.get(XMPP_SECRET).reveal());
        String described = config.describe();
        assertNoLeak(described);
        assertNoLeak(config.toString());
        assertNoLeak(config.entry(COMPONENTS, "irc").toString());
        assertNoLeak(config.get(XMPP_SECRET).toString());
        assertTrue(described.contains("secret = ******\n"), described);
        assertTrue(described.contains("key = ******  # from SWITCHBOARD_STORE_KEY\n"), described);
    }

    @Test
    void docsMaskSecretDefaults() {
        Setting<Secret> withDefault = Setting.secret("token").defaultValue(Secret.of(LEAK))
                .description("A token.").build();
        String docs = ConfigDocs.markdown(Schema.of(Section.of("api", "An API.", withDefault)));
        assertNoLeak(docs);
        assertNoLeak(withDefault.toString());
        assertTrue(docs.contains("| `api.token` | **secret** | `******` |"), docs);
    }
}
