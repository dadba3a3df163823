package im.switchboard.core.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How much history a user asked for on entering a room (XEP-0045 section 7.2.14, the {@code <history/>}
 * element), capped by the gateway's own maximum.
 *
 * @param maxStanzas {@code maxstanzas}, if given
 * @param maxChars   {@code maxchars}, if given (counted over the entries' bodies, as an approximation of the
 *                   XML size the XEP counts)
 * @param since      the later of {@code since} and now minus {@code seconds}, if either was given
 * @param cap        the gateway's maximum number of entries replayed
 */
public record HistoryLimit(OptionalInt maxStanzas, OptionalInt maxChars, Optional<Instant> since, int cap) {

    public HistoryLimit {
        Objects.requireNonNull(maxStanzas, "maxStanzas");
        Objects.requireNonNull(maxChars, "maxChars");
        Objects.requireNonNull(since, "since");
        if (cap < 0) {
            throw new IllegalArgumentException("cap must not be negative");
        }
    }

    /** No request from the user: up to {@code cap} entries. */
    public static HistoryLimit upTo(int cap) {
        return new HistoryLimit(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), cap);
    }
}
