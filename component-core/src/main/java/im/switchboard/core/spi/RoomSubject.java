package im.switchboard.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A room's subject (XEP-0045 section 8.1; an IRC topic).
 *
 * @param text  the subject; empty when the room has none
 * @param setBy who set it, as the network names them, if known
 * @param setAt when it was set, if known
 */
public record RoomSubject(String text, Optional<String> setBy, Optional<Instant> setAt) {

    public RoomSubject {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(setBy, "setBy");
        Objects.requireNonNull(setAt, "setAt");
    }

    /** A room without a subject. */
    public static RoomSubject none() {
        return new RoomSubject("", Optional.empty(), Optional.empty());
    }
}
