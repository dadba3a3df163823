package im.switchboard.core.disco;

import java.util.Objects;

/**
 * A XEP-0030 identity (section 3.1).
 *
 * @param category the category, for example {@code gateway}
 * @param type     the type within the category, for example {@code irc}
 * @param lang     the {@code xml:lang} of the name, or empty
 * @param name     the human-readable name, or empty
 */
public record Identity(String category, String type, String lang, String name) {

    public Identity {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(name, "name");
    }

    /** An identity without {@code xml:lang}. */
    public static Identity of(String category, String type, String name) {
        return new Identity(category, type, "", name);
    }
}
