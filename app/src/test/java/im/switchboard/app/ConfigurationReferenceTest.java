package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigDocs;
import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Secret;
import im.switchboard.core.link.LinkConfig;
import im.switchboard.core.link.TlsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The configuration reference ({@code docs/configuration.md}) and the example ({@code examples/switchboard.toml})
 * stay true to the schema the program reads.
 *
 * <p>To regenerate the reference after changing a setting:
 * {@code ./mvnw -pl app -am test -Dtest=ConfigurationReferenceTest -Dswitchboard.updateDocs=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigurationReferenceTest {

    private static final Path ROOT = Path.of("..");
    private static final String FOOTER = """

            ---
            Generated from the settings the program declares (`ConfigurationReferenceTest` fails when this file is
            out of date). A complete commented example is `examples/switchboard.toml`; check a file with
            `bin/switchboard check-config --config FILE`.

            """;

    @Test
    void referenceDocumentMatchesTheSchema() throws IOException {
        Path doc = ROOT.resolve("docs/configuration.md");
        String expected = ConfigDocs.markdown(SwitchboardSchema.SCHEMA) + FOOTER;
        if (Boolean.getBoolean("switchboard.updateDocs")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "docs/configuration.md is out of date: regenerate it (see this test's "
                + "Javadoc)");
    }

    @Test
    void exampleNamesEverySettingAndParses() throws IOException {
        Path example = ROOT.resolve("examples/switchboard.toml");
        Config config = ConfigLoader.load(example, SwitchboardSchema.SCHEMA, Map.of());
        assertEquals(TlsMode.OFF, config.get(LinkConfig.TLS));
        assertEquals(List.of("irc"), config.entries(ComponentsConfig.SECTION));
        assertEquals(Secret.of("change-me"), config.entry(ComponentsConfig.SECTION, "irc")
                .get(ComponentsConfig.SECRET));
        String text = Files.readString(example, StandardCharsets.UTF_8);
        for (var section : SwitchboardSchema.SCHEMA.sections()) {
            for (var setting : section.settings()) {
                assertTrue(text.contains(setting.key() + " ="), "the example does not show " + section.name() + "."
                        + setting.key());
            }
        }
    }
}
