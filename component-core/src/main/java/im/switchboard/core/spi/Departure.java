package im.switchboard.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * How an occupant left a room; the core turns it into the unavailable presence of XEP-0045 (section 7.14 for
 * leaving, 9.1 kick with status 307, 9.3 ban with 301, 333 for a technical reason).
 *
 * @param kind   what happened
 * @param actor  who did it (the kicker), if anyone
 * @param reason the text the network gave (part or quit message, kick reason), or empty
 */
public record Departure(Kind kind, Optional<String> actor, String reason) {

    public Departure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
    }

    /** An occupant left on their own (IRC PART or QUIT). */
    public static Departure left(String reason) {
        return new Departure(Kind.LEFT, Optional.empty(), reason);
    }

    /** The different ways out of a room. */
    public enum Kind {
        /** Left on their own. */
        LEFT,
        /** Kicked by {@code actor} (status 307). */
        KICKED,
        /** Banned by {@code actor} (status 301). */
        BANNED,
        /** The legacy connection was lost (status 333); the bridge may rejoin and report the room again. */
        DISCONNECTED
    }
}
