package im.switchboard.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A text message from a legacy contact to the user.
 *
 * @param from     the legacy sender
 * @param body     the text as received; the core removes what XML 1.0 cannot carry
 * @param sentAt   when the legacy network says it was sent, if it says so (becomes a XEP-0203 delay)
 * @param legacyId the legacy network's id for the message, if any
 */
public record IncomingMessage(LegacyAddress from, String body, Optional<Instant> sentAt, Optional<String> legacyId) {

    public IncomingMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(legacyId, "legacyId");
    }

    /** A message with no legacy timestamp or id. */
    public static IncomingMessage of(LegacyAddress from, String body) {
        return new IncomingMessage(from, body, Optional.empty(), Optional.empty());
    }
}
