package im.switchboard.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message said in a room (XEP-0045 section 7.4), by someone else or the reflection of the user's own.
 *
 * @param room         the room
 * @param nick         who said it; empty when the room itself says it (a room-generated message, such as an IRC
 *                     mode change): the core sends it from the room's bare JID, as XEP-0045 rooms send their own
 *                     notices (for example section 10.2.1), so clients show it as coming from no occupant
 * @param body         the text as the user should read it (a {@code /me} action starts with {@code "/me "});
 *                     the core removes what XML 1.0 cannot carry
 * @param sentAt       when the network says it was said (IRCv3 server-time), if it says so; becomes XEP-0203 delay
 * @param legacyId     the network's id for the message (IRCv3 msgid), if any; becomes a XEP-0359 stanza-id
 * @param reflectionOf when this is the reflection of the user's own message: the id of the XMPP stanza it
 *                     reflects, so clients can match it (section 7.4)
 */
public record RoomMessage(LegacyAddress room, String nick, String body, Optional<Instant> sentAt,
        Optional<String> legacyId, Optional<String> reflectionOf) {

    public RoomMessage {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(legacyId, "legacyId");
        Objects.requireNonNull(reflectionOf, "reflectionOf");
    }

    /** A message from the room itself (no occupant said it; see {@code nick}). */
    public static RoomMessage fromRoom(LegacyAddress room, String body, Optional<Instant> sentAt,
            Optional<String> legacyId) {
        return new RoomMessage(room, "", body, sentAt, legacyId, Optional.empty());
    }

    /** Whether the room itself says this, rather than an occupant. */
    public boolean isFromRoom() {
        return nick.isEmpty();
    }
}
