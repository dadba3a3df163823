package im.switchboard.irc.connection;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a server announced about itself.
 *
 * @param isupport the RPL_ISUPPORT (005) tokens, name to value (empty value for flag tokens), as of now
 * @param caps     the IRCv3 capabilities the server acknowledged (lower case), as of now
 */
public record ServerFeatures(Map<String, String> isupport, Set<String> caps) {

    public ServerFeatures {
        isupport = Map.copyOf(Objects.requireNonNull(isupport, "isupport"));
        caps = Set.copyOf(Objects.requireNonNull(caps, "caps"));
    }

    /** Whether capability {@code cap} is enabled. */
    public boolean has(String cap) {
        return caps.contains(cap);
    }

    /** An ISUPPORT token's value, or {@code fallback} when the server did not announce it. */
    public String token(String name, String fallback) {
        return isupport.getOrDefault(name, fallback);
    }
}
