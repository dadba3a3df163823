package im.switchboard.registration;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One field of a bridge's registration form (XEP-0077 with an XEP-0004 data form).
 *
 * @param name         the field's {@code var}; when it is one of XEP-0077's registered field names
 *                     ({@code username}, {@code password}, {@code nick}, {@code email}, ...) the legacy
 *                     {@code <query/>} shape carries it too (XEP-0077 section 14.1)
 * @param type         the data form field type; {@link FieldType#TEXT_PRIVATE} values are secrets
 * @param label        what a client shows next to the field
 * @param description  a longer help text ({@code <desc/>})
 * @param required     whether the user must fill it
 * @param maxLength    the longest accepted value, in characters (THREATS G1)
 * @param options      the choices of a {@link FieldType#LIST_SINGLE}, empty otherwise
 * @param defaultValue the value shown before the user types one
 */
public record FormField(String name, FieldType type, String label, String description, boolean required,
                        int maxLength, List<String> options, Optional<String> defaultValue) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public FormField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(description, "description");
        options = List.copyOf(options);
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name must match " + NAME + ": " + name);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        if ((type == FieldType.LIST_SINGLE) != !options.isEmpty()) {
            throw new IllegalArgumentException("options are for list-single fields, which need some: " + name);
        }
    }

    /** Whether the value is a secret (encrypted at rest, never shown back). */
    public boolean secret() {
        return type == FieldType.TEXT_PRIVATE;
    }

    /** A required one-line text field. */
    public static FormField text(String name, String label, String description, int maxLength) {
        return new FormField(name, FieldType.TEXT_SINGLE, label, description, true, maxLength, List.of(),
                Optional.empty());
    }

    /** A required secret field (a password). */
    public static FormField secret(String name, String label, String description, int maxLength) {
        return new FormField(name, FieldType.TEXT_PRIVATE, label, description, true, maxLength, List.of(),
                Optional.empty());
    }

    /** The same field, optional. */
    public FormField optional() {
        return new FormField(name, type, label, description, false, maxLength, options, defaultValue);
    }
}
