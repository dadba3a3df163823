package im.switchboard.config;

import java.util.Optional;

/**
 * One entry of a named-table section, such as {@code [components.irc]}. Immutable and thread-safe.
 */
public final class ConfigEntry {

    private final Section section;
    private final String name;
    private final Values values;

    ConfigEntry(Section section, String name, Values values) {
        this.section = section;
        this.name = name;
        this.values = values;
    }

    /** The named-table section this entry belongs to. */
    public Section section() {
        return section;
    }

    /** The entry's name ({@code irc} in {@code [components.irc]}). */
    public String name() {
        return name;
    }

    /**
     * The value of a setting of this entry: from the environment, else the file, else the default.
     *
     * @throws IllegalArgumentException if the setting is not declared in this entry's section
     * @throws IllegalStateException if the setting is optional, has no default and was not given
     */
    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    /**
     * The value of a setting of this entry, or empty if it is optional, has no default and was not given.
     *
     * @throws IllegalArgumentException if the setting is not declared in this entry's section
     */
    public <T> Optional<T> find(Setting<T> setting) {
        return values.find(setting);
    }

    /** The entry as TOML, secrets masked. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        values.describe(out);
        return out.toString();
    }
}
