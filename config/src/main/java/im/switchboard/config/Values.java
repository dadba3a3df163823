package im.switchboard.config;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/** The validated values of one plain section or one named-table entry. Immutable once built by the loader. */
final class Values {

    /** Where a value came from, for {@link Config#describe()}. */
    static final String FROM_FILE = "file";
    static final String FROM_DEFAULT = "default";

    private final Section section;
    private final String tableName;
    private final Map<Setting<?>, Value> values;

    Values(Section section, String tableName, Map<Setting<?>, Value> values) {
        this.section = section;
        this.tableName = tableName;
        this.values = new IdentityHashMap<>(values);
    }

    <T> Optional<T> find(Setting<T> setting) {
        if (!section.declares(setting)) {
            throw new IllegalArgumentException(setting + " is not declared in section " + section.name());
        }
        Value value = values.get(setting);
        @SuppressWarnings("unchecked") // the loader stored a value produced by this very setting's type
        T typed = value == null ? null : (T) value.value();
        return Optional.ofNullable(typed);
    }

    <T> T get(Setting<T> setting) {
        return find(setting).orElseThrow(() -> new IllegalStateException(tableName + "." + setting.key()
                + " is not set (it is optional and has no default): read it with find()"));
    }

    /** The table as TOML, with secrets masked and comments saying which values are defaults or from where. */
    void describe(StringBuilder out) {
        out.append('[').append(tableName).append("]\n");
        for (Setting<?> setting : section.settings()) {
            Value value = values.get(setting);
            if (value == null) {
                out.append("# ").append(setting.key()).append(" is not set\n");
                continue;
            }
            out.append(setting.key()).append(" = ").append(setting.format(value.value()));
            switch (value.source()) {
                case FROM_FILE -> { }
                case FROM_DEFAULT -> out.append("  # default");
                default -> out.append("  # from ").append(value.source());
            }
            out.append('\n');
        }
    }

    /**
     * One value.
     *
     * @param value the parsed value
     * @param source {@link #FROM_FILE}, {@link #FROM_DEFAULT} or the environment variable's name
     */
    record Value(Object value, String source) {
    }
}
