package im.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Declaration mistakes fail when the class holding the declarations loads, not when the file is read. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SettingTest {

    @Test
    void aSettingNeedsADescription() {
        assertThrows(IllegalStateException.class, () -> Setting.string("host").build());
        assertThrows(IllegalStateException.class, () -> Setting.string("host").description("  ").build());
    }

    @Test
    void keysAreLowerCaseWithHyphens() {
        assertThrows(IllegalArgumentException.class, () -> Setting.string("Host"));
        assertThrows(IllegalArgumentException.class, () -> Setting.string("ping_interval"));
        assertThrows(IllegalArgumentException.class, () -> Setting.string("a.b"));
        assertThrows(IllegalArgumentException.class, () -> Setting.string(""));
        assertEquals("ping-interval", Setting.duration("ping-interval").description("d").build().key());
    }

    @Test
    void requiredSettingsHaveNoDefault() {
        assertThrows(IllegalStateException.class,
                () -> Setting.integer("port").required().defaultValue(1).description("d").build());
    }

    @Test
    void defaultsMustPassTheirChecks() {
        assertThrows(IllegalStateException.class,
                () -> Setting.integer("port").defaultValue(0).range(1, 65535).description("d").build());
        assertThrows(IllegalStateException.class, () -> Setting.string("host").defaultValue("")
                .check(s -> !s.isEmpty(), "must not be empty").description("d").build());
    }

    @Test
    void rangesNeedOrderedComparableBounds() {
        assertThrows(IllegalArgumentException.class, () -> Setting.integer("port").range(10, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Setting.secret("s").range(Secret.of("a"), Secret.of("b")));
        Setting<Duration> d = Setting.duration("d").range(Duration.ofMillis(500), Duration.ofMinutes(2))
                .description("d").build();
        assertEquals("duration (\"500ms\" to \"2m\")", d.typeName());
    }

    @Test
    void listDefaultsAreCopied() {
        List<String> mutable = new ArrayList<>(List.of("a"));
        Setting<List<String>> list = Setting.stringList("l").defaultValue(mutable).description("d").build();
        mutable.add("b");
        assertEquals(List.of("a"), list.defaultValue().orElseThrow());
    }

    @Test
    void aCheckThatThrowsRejectsTheValue() {
        Setting<String> s = Setting.string("s").check(v -> Integer.parseInt(v) > 0, "must be a positive number")
                .description("d").build();
        Schema schema = Schema.of(Section.of("t", "T.", s));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.s = \"x\"", schema));
        assertEquals("t.s: must be a positive number (got \"x\", line 1, column 1)",
                e.problems().get(0).toString());
    }

    @Test
    void sectionsRejectDuplicateKeysAndBadNames() {
        Setting<String> a = Setting.string("a").description("d").build();
        Setting<String> otherA = Setting.string("a").description("d").build();
        assertThrows(IllegalArgumentException.class, () -> Section.of("s", "S.", a, otherA));
        assertThrows(IllegalArgumentException.class, () -> Section.of("S", "S.", a));
        assertThrows(IllegalArgumentException.class, () -> Section.of("s", "S."));
    }

    @Test
    void schemasRejectSharedSettingsDuplicateSectionsAndClashingVariables() {
        Setting<String> a = Setting.string("a").description("d").build();
        Setting<String> b = Setting.string("b").description("d").build();
        Setting<String> bc = Setting.string("b-c").description("d").build();
        Setting<String> c = Setting.string("c").description("d").build();
        IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
                () -> Schema.of(Section.of("one", "One.", a), Section.of("two", "Two.", a)));
        assertTrue(shared.getMessage().contains("one") && shared.getMessage().contains("two"));
        assertThrows(IllegalArgumentException.class,
                () -> Schema.of(Section.of("one", "One.", a), Section.of("one", "One again.", b)));
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> Schema.of(Section.of("a", "A.", bc), Section.of("a-b", "AB.", c)));
        assertTrue(clash.getMessage().contains("SWITCHBOARD_A_B_C"), clash.getMessage());
    }
}
