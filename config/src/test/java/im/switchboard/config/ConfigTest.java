package im.switchboard.config;

import static im.switchboard.config.TestSettings.COMPONENTS;
import static im.switchboard.config.TestSettings.DOMAIN;
import static im.switchboard.config.TestSettings.HOST;
import static im.switchboard.config.TestSettings.MINIMAL;
import static im.switchboard.config.TestSettings.SCHEMA;
import static im.switchboard.config.TestSettings.XMPP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The snapshot's API: reading settings through the wrong door fails loudly; describe() shows the effect. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigTest {

    private static final String WITH_IRC = MINIMAL + """
            [components.irc]
            domain = "irc.example.org"
            secret = "s"
            bridge = "irc"
            """;

    @Test
    void settingsOfNamedSectionsAreReadThroughTheirEntry() {
        Config config = ConfigLoader.parse(WITH_IRC, SCHEMA);
        assertThrows(IllegalArgumentException.class, () -> config.get(DOMAIN));
        assertThrows(IllegalArgumentException.class, () -> config.entry(COMPONENTS, "irc").get(HOST));
        assertThrows(NoSuchElementException.class, () -> config.entry(COMPONENTS, "mail"));
        assertThrows(IllegalArgumentException.class, () -> config.entries(XMPP));
        assertSame(SCHEMA, config.schema());
    }

    @Test
    void settingsOutsideTheSchemaAreRejected() {
        Config config = ConfigLoader.parse(WITH_IRC, SCHEMA);
        Setting<String> stray = Setting.string("host").description("Not in the schema.").build();
        assertThrows(IllegalArgumentException.class, () -> config.get(stray));
        assertThrows(IllegalArgumentException.class, () -> config.find(stray));
    }

    @Test
    void describeShowsEffectiveValuesAndWhereTheyCameFrom() {
        Config config = ConfigLoader.parse(WITH_IRC.replace("[store]", "[store]\ndata-dir = \"/srv\""), SCHEMA,
                Map.of("SWITCHBOARD_XMPP_PORT", "5275"));
        assertEquals("""
                [xmpp]
                host = "127.0.0.1"  # default
                port = 5275  # from SWITCHBOARD_XMPP_PORT
                secret = ******
                tunnelled = false  # default
                ping-interval = "30s"  # default
                allowed-domains = []  # default
                tls = "plain"  # default
                # ca-file is not set

                [store]
                data-dir = "/srv"
                key = ******

                [components.irc]
                domain = "irc.example.org"
                secret = ******
                bridge = "irc"
                # max-users is not set
                """, config.describe());
        assertEquals(config.describe(), config.toString());
    }
}
