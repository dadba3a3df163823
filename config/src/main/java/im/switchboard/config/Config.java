package im.switchboard.config;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The validated configuration: an immutable snapshot, read once at start by {@link ConfigLoader}.
 *
 * <p>Plain sections are read with {@link #get(Setting)}: the {@link Schema} knows which section declares each
 * setting instance, so callers pass only the setting ({@code config.get(XmppSettings.PORT)}) and cannot pair a
 * setting with the wrong section. Named-table sections are read per entry: {@link #entries(Section)} lists
 * the entry names, {@link #entry(Section, String)} gives one {@link ConfigEntry}.
 *
 * <p>A value comes from the environment if set there, else from the file, else from the setting's default.
 * Instances are immutable and thread-safe.
 */
public final class Config {

    private final Schema schema;
    private final Map<Section, Values> plain;
    private final Map<Section, SortedMap<String, ConfigEntry>> named;

    Config(Schema schema, Map<Section, Values> plain, Map<Section, SortedMap<String, ConfigEntry>> named) {
        this.schema = schema;
        this.plain = new IdentityHashMap<>(plain);
        this.named = new IdentityHashMap<>(named);
    }

    /** The schema this configuration was validated against. */
    public Schema schema() {
        return schema;
    }

    /**
     * The value of a setting of a plain section.
     *
     * @throws IllegalArgumentException if the setting is not in this schema or belongs to a named-table section
     *     (read those through {@link #entry(Section, String)})
     * @throws IllegalStateException if the setting is optional, has no default and was not given (use
     *     {@link #find(Setting)} for those)
     */
    public <T> T get(Setting<T> setting) {
        return values(setting).get(setting);
    }

    /**
     * The value of a setting of a plain section, or empty if it is optional, has no default and was not given.
     *
     * @throws IllegalArgumentException if the setting is not in this schema or belongs to a named-table section
     */
    public <T> Optional<T> find(Setting<T> setting) {
        return values(setting).find(setting);
    }

    /**
     * The names of the entries of a named-table section, sorted ({@code [components.irc]} gives {@code irc}).
     *
     * @throws IllegalArgumentException if the section is not a named-table section of this schema
     */
    public List<String> entries(Section section) {
        return List.copyOf(entriesOf(section).keySet());
    }

    /**
     * One entry of a named-table section.
     *
     * @throws IllegalArgumentException if the section is not a named-table section of this schema
     * @throws NoSuchElementException if there is no such entry
     */
    public ConfigEntry entry(Section section, String name) {
        ConfigEntry entry = entriesOf(section).get(name);
        if (entry == null) {
            throw new NoSuchElementException("no entry [" + section.name() + "." + name + "]");
        }
        return entry;
    }

    /**
     * The effective configuration as TOML: every section and entry, defaults and environment overrides marked
     * in comments, optional settings that are not set listed as comments, secrets shown as
     * {@link Secret#MASK}.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Section section : schema.sections()) {
            if (section.isNamed()) {
                for (ConfigEntry entry : named.get(section).values()) {
                    out.append(out.isEmpty() ? "" : "\n").append(entry);
                }
            } else {
                out.append(out.isEmpty() ? "" : "\n");
                plain.get(section).describe(out);
            }
        }
        return out.toString();
    }

    /** Same as {@link #describe()}: secrets are masked. */
    @Override
    public String toString() {
        return describe();
    }

    private Values values(Setting<?> setting) {
        Section section = schema.owner(setting);
        if (section == null) {
            throw new IllegalArgumentException(setting + " is not declared in any section of this schema");
        }
        if (section.isNamed()) {
            throw new IllegalArgumentException(setting + " belongs to the named-table section " + section.name()
                    + ": read it through entry(section, name)");
        }
        return plain.get(section);
    }

    private SortedMap<String, ConfigEntry> entriesOf(Section section) {
        SortedMap<String, ConfigEntry> entries = named.get(section);
        if (entries == null) {
            throw new IllegalArgumentException(section + " is not a named-table section of this schema");
        }
        return entries;
    }
}
