package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigException;
import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Schema;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;
import im.switchboard.core.link.LinkConfig;
import im.switchboard.core.history.NoRoomHistory;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.registration.InMemoryRegistrationStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The schema holds the sections bridges declare, and planning hands each bridge the validated configuration. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SwitchboardSchemaTest {

    private static final String COMPONENT = """
            [gateway]
            allowed-domains = ["localhost"]

            [store]
            database = "/nonexistent/never-opened.mv.db"

            [components.test]
            bridge = "sectioned"
            domain = "test.localhost"
            secret = "s3cret"
            """;

    @Test
    void bridgeSectionsFollowTheCoreSectionsInBridgeOrder() {
        Schema schema = SwitchboardSchema.forBridges(List.of(new FakeBridge(), new SectionDeclaringBridge()));
        List<Section> sections = schema.sections();
        assertEquals(SwitchboardSchema.CORE_SECTIONS, sections.subList(0, SwitchboardSchema.CORE_SECTIONS.size()));
        assertSame(SectionDeclaringBridge.SECTION, sections.getLast());
        assertEquals(SwitchboardSchema.CORE_SECTIONS.size() + 1, sections.size());
    }

    @Test
    void theInstalledSchemaHasTheCoreSectionsAndEveryInstalledBridgesSections() {
        Schema schema = SwitchboardSchema.SCHEMA;
        for (Section core : SwitchboardSchema.CORE_SECTIONS) {
            assertTrue(schema.sections().contains(core), core.name());
        }
        for (Bridge bridge : BridgeCatalog.discover().representatives()) {
            for (Section section : bridge.configSections()) {
                assertTrue(schema.sections().contains(section), bridge.info().id() + ": " + section.name());
            }
        }
    }

    @Test
    void aBridgeSectionNamedLikeACoreSectionIsRefusedNamingBothOwners() {
        Section clash = Section.of("xmpp", "clash", Setting.string("other").description("d").build());
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SwitchboardSchema.forBridges(List.of(new SectionDeclaringBridge(clash))));
        assertTrue(failure.getMessage().contains("[xmpp]") && failure.getMessage().contains("the gateway")
                && failure.getMessage().contains("sectioned"), failure.getMessage());
    }

    @Test
    void twoBridgesDeclaringOneSectionAreRefused() {
        Section other = Section.of(SectionDeclaringBridge.ID, "same name",
                Setting.string("x").description("d").build());
        assertThrows(IllegalStateException.class, () -> SwitchboardSchema.forBridges(
                List.of(new SectionDeclaringBridge(), new SectionDeclaringBridge(other))));
    }

    @Test
    void bridgeSettingsAreValidatedAndReachTheBridgeBeforeItIsAskedAnything() {
        Schema schema = SwitchboardSchema.forBridges(List.of(new SectionDeclaringBridge()));
        Config config = ConfigLoader.parse(COMPONENT + "\n[sectioned]\ngreeting = \"bonjour\"\n", schema,
                Map.of());
        SectionDeclaringBridge[] made = new SectionDeclaringBridge[1];
        Supplier<Bridge> factory = () -> made[0] = new SectionDeclaringBridge();
        Gateway gateway = Gateway.plan(config, "1.0-test", domain -> new InMemoryRegistrationStore(),
                NoRoomHistory.INSTANCE,
                BridgeCatalog.of(Map.of(SectionDeclaringBridge.ID, factory)));
        gateway.close();
        // GatewayComponent asks the codec while it is built: configure() ran first, with the file's value.
        assertEquals("bonjour", made[0].greeting());
    }

    @Test
    void aValueTheBridgeRefusesIsReportedWithTheOtherProblems() {
        Schema schema = SwitchboardSchema.forBridges(List.of(new SectionDeclaringBridge()));
        Config config = ConfigLoader.parse(COMPONENT + """
                [components.missing]
                bridge = "nowhere"
                domain = "nowhere.localhost"
                secret = "x"

                [sectioned]
                greeting = "forbidden"
                """, schema, Map.of());
        ConfigException failure = assertThrows(ConfigException.class, () -> Gateway.plan(config, "1.0-test",
                domain -> new InMemoryRegistrationStore(), NoRoomHistory.INSTANCE,
                BridgeCatalog.of(Map.of(SectionDeclaringBridge.ID, SectionDeclaringBridge::new))));
        List<String> paths = failure.problems().stream().map(ConfigException.Problem::keyPath).toList();
        assertTrue(paths.contains("sectioned.greeting"), paths.toString());
        assertTrue(paths.contains("components.missing.bridge"), paths.toString());
    }

    @Test
    void unknownKeysInABridgeSectionAreReported() {
        Schema schema = SwitchboardSchema.forBridges(List.of(new SectionDeclaringBridge()));
        ConfigException failure = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(COMPONENT + "\n[sectioned]\ngreting = \"typo\"\n", schema, Map.of()));
        assertInstanceOf(ConfigException.class, failure);
        assertTrue(failure.problems().stream().anyMatch(p -> p.keyPath().startsWith("sectioned")),
                failure.problems().toString());
        assertEquals(LinkConfig.SECTION, schema.sections().getFirst());
    }
}
