package im.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One typed setting: key, type, default, validation and description, declared next to the code that uses it
 * (in the style of Openfire's {@code SystemProperty} builder).
 *
 * <pre>{@code
 * static final Setting<Integer> PORT = Setting.integer("port")
 *         .defaultValue(5347).range(1, 65535)
 *         .description("TCP port of the XMPP server's component listener (XEP-0114).")
 *         .build();
 * static final Section XMPP = Section.of("xmpp", "How the gateway reaches the XMPP server", HOST, PORT);
 * }</pre>
 *
 * <p>The key is relative to the {@link Section} the setting is placed in ({@code port} in {@code [xmpp]} is
 * {@code xmpp.port}); it matches {@code [a-z][a-z0-9-]*}. A setting instance belongs to exactly one section of a
 * {@link Schema}, which is how {@link Config#get(Setting)} knows where to look. Settings compare by identity.
 *
 * <p>A setting is either required, or has a default, or is optional without a default (read it with
 * {@link Config#find(Setting)}). Instances are immutable and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final String key;
    private final ValueType<T> type;
    private final T defaultValue;
    private final boolean required;
    private final String description;
    private final List<Check<T>> checks;
    private final String range;

    private Setting(Builder<T> builder) {
        this.key = builder.key;
        this.type = builder.type;
        this.defaultValue = builder.defaultValue;
        this.required = builder.required;
        this.description = builder.description;
        this.checks = List.copyOf(builder.checks);
        this.range = builder.range;
    }

    /** A string. */
    public static Builder<String> string(String key) {
        return new Builder<>(key, ValueType.STRING);
    }

    /** A 32-bit integer; use {@link Builder#range} to bound it. */
    public static Builder<Integer> integer(String key) {
        return new Builder<>(key, ValueType.INTEGER);
    }

    /** A boolean ({@code true}/{@code false}; in the environment case-insensitive). */
    public static Builder<Boolean> bool(String key) {
        return new Builder<>(key, ValueType.BOOLEAN);
    }

    /**
     * A non-negative duration: a string of a whole number and a unit ({@code "500ms"}, {@code "30s"},
     * {@code "5m"}, {@code "2h"}, {@code "1d"}) or a whole number of seconds.
     */
    public static Builder<Duration> duration(String key) {
        return new Builder<>(key, ValueType.DURATION);
    }

    /** A string that is never printed: exposed as a {@link Secret}, masked in messages and descriptions. */
    public static Builder<Secret> secret(String key) {
        return new Builder<>(key, ValueType.SECRET);
    }

    /** A TOML array of strings; in the environment a comma-separated list (blank items dropped). */
    public static Builder<List<String>> stringList(String key) {
        return new Builder<>(key, ValueType.STRING_LIST);
    }

    /**
     * One constant of an enum, written in lower case with hyphens ({@code DIRECT_TLS} is {@code "direct-tls"});
     * read case-insensitively, with hyphens or underscores.
     */
    public static <E extends Enum<E>> Builder<E> enumeration(String key, Class<E> type) {
        return new Builder<>(key, ValueType.enumeration(Objects.requireNonNull(type, "type")));
    }

    /** A file system path, as written (a relative path is not resolved here). */
    public static Builder<Path> path(String key) {
        return new Builder<>(key, ValueType.PATH);
    }

    /** The key, relative to the section. */
    public String key() {
        return key;
    }

    /** What the setting does, for the reference documentation. */
    public String description() {
        return description;
    }

    /** Whether a value must be given (in the file or the environment). */
    public boolean isRequired() {
        return required;
    }

    /** Whether the value is a {@link Secret}. */
    public boolean isSecret() {
        return type.isSecret();
    }

    /** The value used when none is given, if any. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The type as documented, such as "integer (1 to 65535)" or "one of plain, tls". */
    public String typeName() {
        return range == null ? type.name() : type.name() + " (" + range + ")";
    }

    /** Prints a value as TOML; a secret prints as {@link Secret#MASK}. */
    @SuppressWarnings("unchecked")
    String format(Object value) {
        return type.format((T) value);
    }

    ValueType<T> type() {
        return type;
    }

    /** The messages of the checks that {@code value} fails, in declaration order. */
    List<String> failedChecks(T value) {
        List<String> failed = new ArrayList<>();
        for (Check<T> check : checks) {
            boolean ok;
            try {
                ok = check.test().test(value);
            } catch (RuntimeException e) {
                ok = false; // a check that cannot decide rejects; its message still says what is wanted
            }
            if (!ok) {
                failed.add(check.message());
            }
        }
        return failed;
    }

    @Override
    public String toString() {
        return "Setting[" + key + ": " + typeName() + "]";
    }

    private record Check<T>(Predicate<? super T> test, String message) {
    }

    /**
     * Declares a {@link Setting}. Not thread-safe; use it once, in a static initialiser.
     *
     * @param <T> the type of the value
     */
    public static final class Builder<T> {
        private final String key;
        private final ValueType<T> type;
        private T defaultValue;
        private boolean required;
        private String description;
        private final List<Check<T>> checks = new ArrayList<>();
        private String range;

        private Builder(String key, ValueType<T> type) {
            Objects.requireNonNull(key, "key");
            if (!NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("setting key must match " + NAME + ": " + key);
            }
            this.key = key;
            this.type = type;
        }

        /** The value used when neither the file nor the environment gives one. It must pass the checks. */
        @SuppressWarnings("unchecked")
        public Builder<T> defaultValue(T value) {
            Objects.requireNonNull(value, "value");
            // a list default is copied so that the caller cannot change it afterwards
            this.defaultValue = value instanceof List<?> list ? (T) List.copyOf(list) : value;
            return this;
        }

        /** A value must be given; a required setting has no default. */
        public Builder<T> required() {
            this.required = true;
            return this;
        }

        /** What the setting does (one or two sentences, Markdown allowed); mandatory. */
        public Builder<T> description(String text) {
            this.description = Objects.requireNonNull(text, "text").strip();
            return this;
        }

        /**
         * A validation rule. {@code message} is shown when the value fails it, after the key path
         * (e.g. "must be a domain name"); it must not contain a value. Several checks may be given; every failed
         * one is reported.
         */
        public Builder<T> check(Predicate<? super T> test, String message) {
            checks.add(new Check<>(Objects.requireNonNull(test, "test"), Objects.requireNonNull(message, "message")));
            return this;
        }

        /**
         * Bounds the value, both ends inclusive (integers, durations: any type whose values are
         * {@link Comparable}). The bounds appear in the documentation.
         *
         * @throws IllegalArgumentException if the values are not comparable or {@code min > max}
         */
        public Builder<T> range(T min, T max) {
            if (!(min instanceof Comparable<?>) || !(max instanceof Comparable<?>)) {
                throw new IllegalArgumentException("range needs comparable bounds: " + key);
            }
            if (compare(min, max) > 0) {
                throw new IllegalArgumentException("range minimum is above its maximum: " + key);
            }
            String text = type.format(min) + " to " + type.format(max);
            this.range = text;
            return check(value -> compare(value, min) >= 0 && compare(value, max) <= 0, "must be from " + text);
        }

        /**
         * Builds the setting.
         *
         * @throws IllegalStateException if there is no description, if a required setting has a default, or if
         *     the default fails a check
         */
        public Setting<T> build() {
            if (description == null || description.isEmpty()) {
                throw new IllegalStateException("setting " + key + " needs a description");
            }
            if (required && defaultValue != null) {
                throw new IllegalStateException("setting " + key + " is required and cannot have a default");
            }
            Setting<T> setting = new Setting<>(this);
            if (defaultValue != null && !setting.failedChecks(defaultValue).isEmpty()) {
                throw new IllegalStateException("the default of setting " + key + " fails its checks: "
                        + setting.failedChecks(defaultValue));
            }
            return setting;
        }

        @SuppressWarnings("unchecked")
        private static int compare(Object a, Object b) {
            return ((Comparable<Object>) a).compareTo(b);
        }
    }
}
