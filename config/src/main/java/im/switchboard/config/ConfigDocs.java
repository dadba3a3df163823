package im.switchboard.config;

import java.util.List;
import java.util.TreeSet;

/**
 * Renders the reference documentation of a {@link Schema} as Markdown (the application writes it to
 * {@code docs/configuration.md}).
 *
 * <p>Per section: a heading, its description, and a table {@code | key | type | default | env variable |
 * description |}, with required settings and secrets marked. Defaults of secrets are shown masked.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /**
     * The whole reference: how the file and the environment are read, then every section.
     *
     * @param schema what to document
     * @return Markdown text ending with a newline
     */
    public static String markdown(Schema schema) {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("Switchboard reads one TOML file. Each setting below is a key in a table (a section).\n")
                .append("Every setting can also be set by an environment variable, which wins over the file: `")
                .append(ConfigLoader.ENV_PREFIX).append("` followed by the full key path in upper case, with `.` and")
                .append(" `-` turned into `_` (`xmpp.port` is `").append(ConfigLoader.envVariable("xmpp.port"))
                .append("`).\n")
                .append("For repeated tables such as `[components.<name>]`, the environment only overrides")
                .append(" entries that exist in the file.\n\n")
                .append("The configuration is checked as a whole at start, and every problem is reported at once:")
                .append(" unknown keys and sections, wrong types, missing required values, values out of range,")
                .append(" and `").append(ConfigLoader.ENV_PREFIX).append("*` variables that match no setting")
                .append(" (except the launcher's own: ")
                .append(String.join(", ", new TreeSet<>(ConfigLoader.NON_CONFIG_VARIABLES).stream()
                        .map(v -> "`" + v + "`").toList()))
                .append(").\n\n")
                .append("Value syntax:\n\n")
                .append("- *duration*: a whole number and a unit `ms`, `s`, `m`, `h` or `d` (`\"500ms\"`, `\"30s\"`,")
                .append(" `\"5m\"`), or a whole number of seconds; never negative.\n")
                .append("- *list of strings*: a TOML array of strings; in an environment variable, comma-separated.\n")
                .append("- *one of ...*: case-insensitive.\n")
                .append("- *secret*: a string that is never printed or logged.\n");
        for (Section section : schema.sections()) {
            section(out, section);
        }
        return out.toString();
    }

    private static void section(StringBuilder out, Section section) {
        String table = section.isNamed() ? section.name() + ".<name>" : section.name();
        out.append("\n## `[").append(table).append("]`\n\n").append(section.description()).append('\n');
        if (section.isNamed()) {
            out.append("\nA repeated table: one `[").append(section.name()).append(".<name>]` per entry, where")
                    .append(" `<name>` matches `").append(Setting.NAME).append("`. Environment variables apply")
                    .append(" only to entries present in the file.\n");
        }
        out.append("\n| key | type | default | env variable | description |\n")
                .append("|---|---|---|---|---|\n");
        for (Setting<?> setting : section.settings()) {
            String keyPath = table + "." + setting.key();
            String env = section.isNamed()
                    ? ConfigLoader.envVariable(section.name()) + "_<NAME>_"
                            + ConfigLoader.envVariable(setting.key()).substring(ConfigLoader.ENV_PREFIX.length())
                    : ConfigLoader.envVariable(keyPath);
            String type = setting.isSecret() ? "**secret**" : cell(setting.typeName());
            String defaultValue = setting.isRequired() ? "**required**"
                    : setting.defaultValue().map(v -> "`" + setting.format(v) + "`").orElse("*(not set)*");
            out.append(String.join(" | ", List.of("| `" + keyPath + "`", type, cell(defaultValue), "`" + env + "`",
                    cell(setting.description()) + " |"))).append('\n');
        }
    }

    /** A Markdown table cell: pipes escaped, line breaks joined. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
    }
}
