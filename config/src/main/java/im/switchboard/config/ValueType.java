package im.switchboard.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.TomlArray;

/**
 * How one kind of setting is read from TOML and from an environment variable, and printed back.
 *
 * <p>Error messages produced here describe what was expected and never quote the rejected input: the caller
 * decides whether the input may be shown (it may not for secrets).
 *
 * @param <T> the Java type of the values
 */
final class ValueType<T> {

    private static final String DURATION_EXPECTED = "must be a duration: a whole number with a unit ms, s, m, h or d"
            + " (such as \"30s\"), or a whole number of seconds";
    private static final Pattern DURATION_SYNTAX = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    static final ValueType<String> STRING = new ValueType<>("string",
            raw -> {
                if (raw instanceof String s) {
                    return s;
                }
                throw new InvalidValue("must be a string");
            },
            raw -> raw,
            ValueType::quote, false);

    static final ValueType<Integer> INTEGER = new ValueType<>("integer",
            raw -> {
                if (raw instanceof Long l) {
                    return toInt(l);
                }
                throw new InvalidValue("must be an integer");
            },
            raw -> {
                try {
                    return toInt(Long.parseLong(raw.strip()));
                } catch (NumberFormatException e) {
                    throw new InvalidValue("must be an integer");
                }
            },
            String::valueOf, false);

    static final ValueType<Boolean> BOOLEAN = new ValueType<>("boolean",
            raw -> {
                if (raw instanceof Boolean b) {
                    return b;
                }
                throw new InvalidValue("must be true or false");
            },
            raw -> switch (raw.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new InvalidValue("must be true or false");
            },
            String::valueOf, false);

    static final ValueType<Duration> DURATION = new ValueType<>("duration",
            raw -> {
                if (raw instanceof Long seconds) {
                    return durationOfSeconds(seconds);
                }
                if (raw instanceof String s) {
                    return parseDuration(s);
                }
                throw new InvalidValue(DURATION_EXPECTED);
            },
            raw -> {
                String s = raw.strip();
                if (s.matches("-?[0-9]+")) {
                    try {
                        return durationOfSeconds(Long.parseLong(s));
                    } catch (NumberFormatException e) {
                        throw new InvalidValue("is too large");
                    }
                }
                return parseDuration(s);
            },
            raw -> quote(formatDuration(raw)), false);

    static final ValueType<Secret> SECRET = new ValueType<>("secret",
            raw -> {
                if (raw instanceof String s) {
                    return Secret.of(s);
                }
                throw new InvalidValue("must be a string");
            },
            Secret::of,
            secret -> Secret.MASK, true);

    static final ValueType<List<String>> STRING_LIST = new ValueType<>("list of strings",
            raw -> {
                if (raw instanceof TomlArray array) {
                    List<String> list = new ArrayList<>(array.size());
                    for (int i = 0; i < array.size(); i++) {
                        if (!(array.get(i) instanceof String s)) {
                            throw new InvalidValue("must be an array of strings");
                        }
                        list.add(s);
                    }
                    return List.copyOf(list);
                }
                throw new InvalidValue("must be an array of strings");
            },
            // In an environment variable a list is comma-separated; blanks around items are dropped.
            raw -> Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
            list -> list.stream().map(ValueType::quote).collect(Collectors.joining(", ", "[", "]")), false);

    static final ValueType<Path> PATH = new ValueType<>("path",
            raw -> {
                if (raw instanceof String s) {
                    return toPath(s);
                }
                throw new InvalidValue("must be a string holding a path");
            },
            ValueType::toPath,
            path -> quote(path.toString()), false);

    private final String name;
    private final Parser<Object, T> fromToml;
    private final Parser<String, T> fromEnv;
    private final Function<T, String> format;
    private final boolean secret;

    private ValueType(String name, Parser<Object, T> fromToml, Parser<String, T> fromEnv,
            Function<T, String> format, boolean secret) {
        this.name = name;
        this.fromToml = fromToml;
        this.fromEnv = fromEnv;
        this.format = format;
        this.secret = secret;
    }

    /** Case-insensitive enum constants, written in lower case with hyphens ({@code DIRECT_TLS} is "direct-tls"). */
    static <E extends Enum<E>> ValueType<E> enumeration(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(ValueType::enumName).toList();
        String expected = "must be one of " + String.join(", ", names);
        Parser<String, E> parse = raw -> {
            String wanted = raw.strip().replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(wanted)) {
                    return constant;
                }
            }
            throw new InvalidValue(expected);
        };
        return new ValueType<>("one of " + String.join(", ", names),
                raw -> {
                    if (raw instanceof String s) {
                        return parse.parse(s);
                    }
                    throw new InvalidValue(expected);
                },
                parse, constant -> quote(enumName(constant)), false);
    }

    /** The name used in documentation, such as "integer" or "one of plain, tls". */
    String name() {
        return name;
    }

    boolean isSecret() {
        return secret;
    }

    T fromToml(Object raw) throws InvalidValue {
        return fromToml.parse(raw);
    }

    T fromEnv(String raw) throws InvalidValue {
        return fromEnv.parse(raw);
    }

    /** The value as it would be written in TOML; a secret prints as {@link Secret#MASK}. */
    String format(T value) {
        return format.apply(value);
    }

    static String enumName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A TOML basic string (TOML 1.0.0, "String"): quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.chars().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    static String formatDuration(Duration d) {
        if (d.toNanosPart() % 1_000_000 != 0) {
            return d.toString();
        }
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = d.getSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static Duration parseDuration(String raw) throws InvalidValue {
        String s = raw.strip();
        if (s.startsWith("-")) {
            throw new InvalidValue("must not be negative");
        }
        Matcher m = DURATION_SYNTAX.matcher(s);
        if (!m.matches()) {
            throw new InvalidValue(DURATION_EXPECTED);
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidValue("is too large");
        }
    }

    private static Duration durationOfSeconds(long seconds) throws InvalidValue {
        if (seconds < 0) {
            throw new InvalidValue("must not be negative");
        }
        return Duration.ofSeconds(seconds);
    }

    private static Integer toInt(long value) throws InvalidValue {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidValue("must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static Path toPath(String raw) throws InvalidValue {
        if (raw.isEmpty()) {
            throw new InvalidValue("must not be empty");
        }
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new InvalidValue("must be a valid path");
        }
    }

    /** Reads a raw value or says, without quoting it, what was expected instead. */
    @FunctionalInterface
    interface Parser<R, T> {
        T parse(R raw) throws InvalidValue;
    }

    /** A rejected value; the message says what was expected and never contains the value. */
    static final class InvalidValue extends Exception {
        InvalidValue(String message) {
            super(message, null, false, false);
        }
    }
}
