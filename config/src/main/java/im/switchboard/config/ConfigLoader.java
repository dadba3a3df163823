package im.switchboard.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads one TOML file (TOML 1.0.0, https://toml.io/en/v1.0.0) plus environment overrides, and validates
 * everything against a {@link Schema} at once.
 *
 * <h2>Environment overrides</h2>
 * Every setting can be set by the variable {@value #ENV_PREFIX} followed by its full key path in upper case,
 * with {@code .} and {@code -} turned into {@code _}: {@code xmpp.host} is {@code SWITCHBOARD_XMPP_HOST},
 * {@code components.irc.secret} is {@code SWITCHBOARD_COMPONENTS_IRC_SECRET}. An environment variable wins over
 * the file. A variable for an entry of a named-table section applies only to an entry that exists in the file
 * (the table {@code [components.irc]} must be there, possibly empty, for {@code SWITCHBOARD_COMPONENTS_IRC_*} to
 * apply): entries are never created from the environment alone. Lists are comma-separated in the environment;
 * an empty variable is an empty value, not an absent one.
 *
 * <p>Every variable that starts with {@value #ENV_PREFIX} must match a setting, so a typo cannot go unnoticed;
 * the launcher's own variables ({@link #NON_CONFIG_VARIABLES}, or a set given by the caller) are exempt.
 *
 * <h2>Problems</h2>
 * All problems are collected and thrown together as one {@link ConfigException}: unknown sections and keys,
 * wrong types, missing required values, failed checks, unknown or ambiguous environment variables. A file that is
 * not valid TOML is reported with only its syntax errors (line and column), since checking the rest of a
 * half-parsed file would report problems that are not there. Secret values never appear in a problem.
 */
public final class ConfigLoader {

    /** The prefix of every environment variable that sets a value. */
    public static final String ENV_PREFIX = "SWITCHBOARD_";

    /**
     * Variables with the {@value #ENV_PREFIX} prefix that belong to the launcher, not to the configuration,
     * and are therefore not reported as unknown.
     */
    public static final Set<String> NON_CONFIG_VARIABLES = Set.of("SWITCHBOARD_HOME", "SWITCHBOARD_OPTS",
            "SWITCHBOARD_CONFIG", "SWITCHBOARD_EXTRA_CLASSPATH", "SWITCHBOARD_JAVA", "SWITCHBOARD_LOGBACK",
            "SWITCHBOARD_LOG_LEVEL");

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_SHOWN = 60;

    private ConfigLoader() {
    }

    /** Loads a file with overrides from {@link System#getenv()}. */
    public static Config load(Path file, Schema schema) {
        return load(file, schema, System.getenv());
    }

    /** Loads a file with overrides from {@code env}, exempting {@link #NON_CONFIG_VARIABLES}. */
    public static Config load(Path file, Schema schema, Map<String, String> env) {
        return load(file, schema, env, NON_CONFIG_VARIABLES);
    }

    /**
     * Loads a file with overrides from {@code env}.
     *
     * @param file the TOML file, UTF-8
     * @param schema what may be configured
     * @param env the environment
     * @param nonConfigVariables {@value #ENV_PREFIX} variables that are not settings and must not be reported
     * @return the validated configuration
     * @throws ConfigException listing every problem, including a file that cannot be read
     */
    public static Config load(Path file, Schema schema, Map<String, String> env, Set<String> nonConfigVariables) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigException.Problem("",
                    "cannot read the file: " + readFailure(e))));
        }
        return parse(text, file.toString(), schema, env, nonConfigVariables);
    }

    /** Parses TOML text without environment overrides (for tests). */
    public static Config parse(String toml, Schema schema) {
        return parse(toml, "<text>", schema, Map.of(), NON_CONFIG_VARIABLES);
    }

    /** Parses TOML text with overrides from {@code env}, exempting {@link #NON_CONFIG_VARIABLES}. */
    public static Config parse(String toml, Schema schema, Map<String, String> env) {
        return parse(toml, "<text>", schema, env, NON_CONFIG_VARIABLES);
    }

    /**
     * Parses TOML text with overrides from {@code env}.
     *
     * @param source what the text is, for the exception's header (a file name)
     * @throws ConfigException listing every problem
     */
    public static Config parse(String toml, String source, Schema schema, Map<String, String> env,
            Set<String> nonConfigVariables) {
        Objects.requireNonNull(toml, "toml");
        return new Run(schema, Map.copyOf(env), Set.copyOf(nonConfigVariables)).parse(toml, source);
    }

    /**
     * The environment variable for a full key path: {@code components.irc.secret} gives
     * {@code SWITCHBOARD_COMPONENTS_IRC_SECRET}.
     */
    public static String envVariable(String keyPath) {
        return ENV_PREFIX + keyPath.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String readFailure(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "it is not valid UTF-8";
        }
        return e.toString();
    }

    /** One load: the inputs and the problems found so far. */
    private static final class Run {
        private final Schema schema;
        private final Map<String, String> env;
        private final Set<String> nonConfigVariables;
        private final List<ConfigException.Problem> problems = new ArrayList<>();
        /** Environment variable name to the key paths it would set (more than one is ambiguous). */
        private final Map<String, List<String>> envTargets = new HashMap<>();

        Run(Schema schema, Map<String, String> env, Set<String> nonConfigVariables) {
            this.schema = Objects.requireNonNull(schema, "schema");
            this.env = env;
            this.nonConfigVariables = nonConfigVariables;
        }

        Config parse(String toml, String source) {
            TomlParseResult root = Toml.parse(toml);
            if (root.hasErrors()) {
                for (TomlParseError error : root.errors()) {
                    problem("", at(error.position()) + ": " + syntaxMessage(error.getMessage()));
                }
                throw new ConfigException(source, problems);
            }
            checkSections(root);
            Map<Section, TomlTable> plainTables = new IdentityHashMap<>();
            Map<Section, SortedMap<String, TomlTable>> namedTables = new IdentityHashMap<>();
            for (Section section : schema.sections()) {
                TomlTable table = root.get(List.of(section.name())) instanceof TomlTable t ? t : null;
                if (section.isNamed()) {
                    namedTables.put(section, entryTables(section, table));
                } else {
                    plainTables.put(section, table);
                    addEnvTargets(section, section.name());
                }
            }
            namedTables.forEach((section, entries) ->
                    entries.keySet().forEach(name -> addEnvTargets(section, section.name() + "." + name)));
            checkEnvironment();

            Map<Section, Values> plain = new IdentityHashMap<>();
            plainTables.forEach((section, table) -> plain.put(section, resolve(section, section.name(), table)));
            Map<Section, SortedMap<String, ConfigEntry>> named = new IdentityHashMap<>();
            namedTables.forEach((section, tables) -> {
                SortedMap<String, ConfigEntry> entries = new TreeMap<>();
                tables.forEach((name, table) -> entries.put(name,
                        new ConfigEntry(section, name, resolve(section, section.name() + "." + name, table))));
                named.put(section, Collections.unmodifiableSortedMap(entries));
            });
            if (!problems.isEmpty()) {
                throw new ConfigException(source, problems);
            }
            return new Config(schema, plain, named);
        }

        /** Top-level keys must be the tables of known sections. */
        private void checkSections(TomlTable root) {
            List<String> known = schema.sections().stream().map(Section::name).toList();
            for (String key : new TreeSet<>(root.keySet())) {
                var section = schema.section(key);
                if (section.isEmpty()) {
                    problem(path(key), "unknown section" + where(root, key) + "; known sections: "
                            + String.join(", ", known));
                } else if (!(root.get(List.of(key)) instanceof TomlTable)) {
                    problem(path(key), "must be a table: [" + key + "]" + where(root, key));
                }
            }
        }

        /** The entries of a named-table section: valid names whose values are tables. */
        private SortedMap<String, TomlTable> entryTables(Section section, TomlTable table) {
            SortedMap<String, TomlTable> entries = new TreeMap<>();
            if (table == null) {
                return entries;
            }
            for (String name : new TreeSet<>(table.keySet())) {
                if (!Setting.NAME.matcher(name).matches()) {
                    problem(path(section.name(), name), "entry name must match " + Setting.NAME);
                } else if (table.get(List.of(name)) instanceof TomlTable entry) {
                    entries.put(name, entry);
                } else {
                    problem(path(section.name(), name),
                            "must be a table: [" + section.name() + "." + name + "]" + where(table, name));
                }
            }
            return entries;
        }

        private void addEnvTargets(Section section, String tablePath) {
            for (Setting<?> setting : section.settings()) {
                String keyPath = tablePath + "." + setting.key();
                envTargets.computeIfAbsent(envVariable(keyPath), k -> new ArrayList<>()).add(keyPath);
            }
        }

        /** Every SWITCHBOARD_ variable (bar the exempt ones) must set exactly one setting. */
        private void checkEnvironment() {
            for (String name : new TreeSet<>(env.keySet())) {
                if (!name.startsWith(ENV_PREFIX) || nonConfigVariables.contains(name)) {
                    continue;
                }
                List<String> targets = envTargets.get(name);
                if (targets == null) {
                    problem(name, "environment variable matches no setting" + namedHint(name));
                } else if (targets.size() > 1) {
                    problem(name, "environment variable is ambiguous: it matches " + String.join(" and ", targets)
                            + "; set these in the file instead");
                }
            }
        }

        private String namedHint(String name) {
            for (Section section : schema.sections()) {
                if (section.isNamed() && name.startsWith(envVariable(section.name()) + "_")) {
                    return " (an entry of [" + section.name() + "] must exist in the file for its environment"
                            + " variables to apply)";
                }
            }
            return "";
        }

        /** The values of one table (null if absent from the file) of a section. */
        private Values resolve(Section section, String tablePath, TomlTable table) {
            if (table != null) {
                for (String key : new TreeSet<>(table.keySet())) {
                    if (section.setting(key).isEmpty()) {
                        List<String> known = section.settings().stream().map(Setting::key).toList();
                        problem(tablePath + "." + path(key), "unknown key" + where(table, key) + "; known keys: "
                                + String.join(", ", known));
                    }
                }
            }
            Map<Setting<?>, Values.Value> values = new IdentityHashMap<>();
            for (Setting<?> setting : section.settings()) {
                Values.Value value = resolve(setting, tablePath + "." + setting.key(), table);
                if (value != null) {
                    values.put(setting, value);
                }
            }
            return new Values(section, tablePath, values);
        }

        /** One value, or null if absent or invalid (a problem has then been recorded when one is due). */
        private <T> Values.Value resolve(Setting<T> setting, String keyPath, TomlTable table) {
            String envName = envVariable(keyPath);
            String envValue = envTargets.getOrDefault(envName, List.of()).size() == 1 ? env.get(envName) : null;
            Object raw = table == null ? null : table.get(List.of(setting.key()));
            T value;
            String source;
            String origin = "";
            try {
                if (envValue != null) {
                    source = envName;
                    origin = "from " + envName;
                    value = setting.type().fromEnv(envValue);
                } else if (raw != null) {
                    source = Values.FROM_FILE;
                    origin = at(table.inputPositionOf(List.of(setting.key())));
                    value = setting.type().fromToml(raw);
                } else if (setting.defaultValue().isPresent()) {
                    return new Values.Value(setting.defaultValue().get(), Values.FROM_DEFAULT);
                } else {
                    if (setting.isRequired()) {
                        problem(keyPath, "is required: set it in the file or in " + envName);
                    }
                    return null;
                }
            } catch (ValueType.InvalidValue e) {
                Object rejected = envValue != null ? envValue : raw;
                problem(keyPath, e.getMessage() + " (" + shown(setting, rejected) + origin + ")");
                return null;
            }
            List<String> failed = setting.failedChecks(value);
            for (String message : failed) {
                String shown = setting.isSecret() ? "" : "got " + abbreviate(setting.format(value)) + ", ";
                problem(keyPath, message + " (" + shown + origin + ")");
            }
            return failed.isEmpty() ? new Values.Value(value, source) : null;
        }

        private void problem(String keyPath, String message) {
            problems.add(new ConfigException.Problem(keyPath, message));
        }
    }

    /** "got ..., " for a rejected input that may be shown, nothing for a secret's. */
    private static String shown(Setting<?> setting, Object rejected) {
        if (setting.isSecret()) {
            return "";
        }
        String text = switch (rejected) {
            case String s -> ValueType.quote(s);
            case Long l -> l.toString();
            case Double d -> d.toString();
            case Boolean b -> b.toString();
            case TomlArray a -> "an array";
            case TomlTable t -> "a table";
            default -> "a date or time";
        };
        return "got " + abbreviate(text) + ", ";
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 3) + "...";
    }

    private static String at(TomlPosition position) {
        return position == null ? "in the file" : "line " + position.line() + ", column " + position.column();
    }

    private static String where(TomlTable table, String key) {
        TomlPosition position = table.inputPositionOf(List.of(key));
        return position == null ? "" : " (line " + position.line() + ")";
    }

    /**
     * A syntax error as tomlj words it, minus any quoted input: "Unexpected 'h', expected ..." would show the
     * first character of an unquoted secret, and an invalid escape sequence is part of a string's value.
     */
    static String syntaxMessage(String message) {
        int expected = message.indexOf(", expected ");
        if (message.startsWith("Unexpected ") && expected >= 0) {
            return "unexpected input, " + message.substring(expected + 2);
        }
        if (message.contains(" previously defined ")) {
            return message; // names a key and a position, never a value
        }
        int quote = message.indexOf('\'');
        int colon = message.indexOf(": ");
        int cut = quote < 0 ? colon : colon < 0 ? quote : Math.min(quote, colon);
        return (cut < 0 ? message : message.substring(0, cut)).strip();
    }

    /** A key path for messages: segments that are not bare TOML keys are quoted and escaped. */
    static String path(String... segments) {
        List<String> out = new ArrayList<>();
        for (String segment : segments) {
            out.add(BARE_KEY.matcher(segment).matches() ? segment : ValueType.quote(segment));
        }
        return String.join(".", out);
    }
}
