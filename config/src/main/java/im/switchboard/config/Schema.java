package im.switchboard.config;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every section the program knows. Each module contributes its own sections; the application puts them
 * together: {@code Schema.of(List.of(XmppSettings.SECTION, IrcSettings.SECTION, ...))}.
 *
 * <p>Building a schema checks the declarations: section names are unique, a setting instance belongs to one
 * section only, and no two settings of plain sections share an environment variable name
 * ({@code a.b-c} and {@code a-b.c} would both be {@code SWITCHBOARD_A_B_C}). Instances are immutable and
 * thread-safe.
 */
public final class Schema {

    private final List<Section> sections;
    private final Map<Setting<?>, Section> owners = new IdentityHashMap<>();

    private Schema(List<Section> sections) {
        this.sections = List.copyOf(sections);
        Map<String, Section> names = new HashMap<>();
        Map<String, String> envNames = new HashMap<>();
        for (Section section : this.sections) {
            if (names.putIfAbsent(section.name(), section) != null) {
                throw new IllegalArgumentException("two sections are named " + section.name());
            }
            for (Setting<?> setting : section.settings()) {
                Section previous = owners.putIfAbsent(setting, section);
                if (previous != null) {
                    throw new IllegalArgumentException("setting " + setting.key() + " is in both section "
                            + previous.name() + " and section " + section.name());
                }
                if (!section.isNamed()) {
                    String path = section.name() + "." + setting.key();
                    String clash = envNames.putIfAbsent(ConfigLoader.envVariable(path), path);
                    if (clash != null) {
                        throw new IllegalArgumentException(path + " and " + clash + " have the same environment"
                                + " variable " + ConfigLoader.envVariable(path));
                    }
                }
            }
        }
    }

    /** A schema of these sections. */
    public static Schema of(List<Section> sections) {
        return new Schema(Objects.requireNonNull(sections, "sections"));
    }

    /** A schema of these sections. */
    public static Schema of(Section... sections) {
        return of(List.of(sections));
    }

    /** The sections, in the order given. */
    public List<Section> sections() {
        return sections;
    }

    /** The section with this name, if any. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The section that declares this setting instance, or null. */
    Section owner(Setting<?> setting) {
        return owners.get(setting);
    }
}
