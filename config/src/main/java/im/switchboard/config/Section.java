package im.switchboard.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named group of settings, declared together and written as one TOML table.
 *
 * <p>A plain section ({@link #of}) is one table: {@code Section.of("xmpp", ...)} reads {@code [xmpp]}.
 * A named-table section ({@link #named}) is a table of tables for repeated entries:
 * {@code Section.named("components", ...)} reads {@code [components.irc]}, {@code [components.mail]}, ...,
 * each entry validated against the same settings; entry names match {@code [a-z][a-z0-9-]*}.
 *
 * <p>Section names match {@code [a-z][a-z0-9-]*}. Sections compare by identity. Instances are immutable and
 * thread-safe.
 */
public final class Section {

    private final String name;
    private final String description;
    private final List<Setting<?>> settings;
    private final boolean named;

    private Section(String name, String description, List<Setting<?>> settings, boolean named) {
        Objects.requireNonNull(name, "name");
        if (!Setting.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("section name must match " + Setting.NAME + ": " + name);
        }
        this.name = name;
        this.description = Objects.requireNonNull(description, "description").strip();
        this.settings = List.copyOf(settings);
        this.named = named;
        if (this.settings.isEmpty()) {
            throw new IllegalArgumentException("section " + name + " declares no settings");
        }
        Set<String> keys = new HashSet<>();
        for (Setting<?> setting : this.settings) {
            if (!keys.add(setting.key())) {
                throw new IllegalArgumentException("section " + name + " declares key " + setting.key() + " twice");
            }
        }
    }

    /** A section read from the table {@code [name]}. */
    public static Section of(String name, String description, Setting<?>... settings) {
        return of(name, description, List.of(settings));
    }

    /** A section read from the table {@code [name]}. */
    public static Section of(String name, String description, List<Setting<?>> settings) {
        return new Section(name, description, settings, false);
    }

    /** A section of repeated entries read from the tables {@code [name.<entry>]}. */
    public static Section named(String name, String description, Setting<?>... settings) {
        return named(name, description, List.of(settings));
    }

    /** A section of repeated entries read from the tables {@code [name.<entry>]}. */
    public static Section named(String name, String description, List<Setting<?>> settings) {
        return new Section(name, description, settings, true);
    }

    /** The table name. */
    public String name() {
        return name;
    }

    /** What the section configures, for the reference documentation. */
    public String description() {
        return description;
    }

    /** The settings, in declaration order. */
    public List<Setting<?>> settings() {
        return settings;
    }

    /** Whether this is a named-table section of repeated entries. */
    public boolean isNamed() {
        return named;
    }

    /** The setting with this key, if declared. */
    public Optional<Setting<?>> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Whether this very setting instance is declared here. */
    boolean declares(Setting<?> setting) {
        return settings.stream().anyMatch(s -> s == setting);
    }

    @Override
    public String toString() {
        return named ? "Section[" + name + ".<name>]" : "Section[" + name + "]";
    }
}
