package im.switchboard.config;

import static im.switchboard.config.TestSettings.SCHEMA;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reference documentation lists every key with its type, default and environment variable. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigDocsTest {

    private final String docs = ConfigDocs.markdown(SCHEMA);

    private void contains(String expected) {
        assertTrue(docs.contains(expected), () -> "missing " + expected + " in\n" + docs);
    }

    @Test
    void everySectionHasAHeadingDescriptionAndTable() {
        contains("## `[xmpp]`\n\nHow the gateway reaches the XMPP server.\n");
        contains("## `[store]`\n\nThe credential store.\n");
        contains("## `[components.<name>]`\n\nOne XMPP component per legacy network.\n");
        contains("| key | type | default | env variable | description |\n|---|---|---|---|---|\n");
    }

    @Test
    void everyKeyIsListedWithItsEnvironmentVariable() {
        for (Section section : SCHEMA.sections()) {
            for (Setting<?> setting : section.settings()) {
                String key = section.isNamed() ? section.name() + ".<name>." + setting.key()
                        : section.name() + "." + setting.key();
                contains("| `" + key + "` |");
                contains(setting.description());
            }
        }
        contains("`SWITCHBOARD_XMPP_PING_INTERVAL`");
        contains("`SWITCHBOARD_COMPONENTS_<NAME>_MAX_USERS`");
    }

    @Test
    void rowsShowTypesDefaultsRequiredAndSecrets() {
        contains("| `xmpp.port` | integer (1 to 65535) | `5347` | `SWITCHBOARD_XMPP_PORT`"
                + " | Component port (XEP-0114). |");
        contains("| `xmpp.secret` | **secret** | **required** | `SWITCHBOARD_XMPP_SECRET` |");
        contains("| `xmpp.ping-interval` | duration (\"1s\" to \"1h\") | `\"30s\"` |");
        contains("| `xmpp.tls` | one of plain, direct-tls, starttls | `\"plain\"` |");
        contains("| `xmpp.allowed-domains` | list of strings | `[]` |");
        contains("| `xmpp.ca-file` | path | *(not set)* |");
        contains("| `components.<name>.bridge` | one of irc, email, sms | **required** |");
    }

    @Test
    void pipesInDescriptionsDoNotBreakTheTable() {
        Setting<String> s = Setting.string("mode").defaultValue("a").description("Either a | b,\nor c.").build();
        String rendered = ConfigDocs.markdown(Schema.of(Section.of("m", "M.", s)));
        assertTrue(rendered.contains("| Either a \\| b, or c. |"), rendered);
    }

    @Test
    void theIntroductionExplainsEnvironmentOverrides() {
        contains("SWITCHBOARD_XMPP_PORT");
        contains("`SWITCHBOARD_HOME`");
        contains("only overrides entries that exist in the file");
    }
}
