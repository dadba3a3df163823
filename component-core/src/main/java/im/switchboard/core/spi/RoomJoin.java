package im.switchboard.core.spi;

import im.switchboard.config.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * The user asks to enter a room (XEP-0045 section 7.2). The answer comes later through
 * {@link XmppSink#roomJoined} or {@link XmppSink#roomJoinFailed}.
 *
 * @param room     the room; {@link LegacyAddress#isRoom()} is true
 * @param nick     the nick the user asked for (the resource of the occupant JID)
 * @param password the room password from {@code <password/>} (an IRC channel key), if given
 */
public record RoomJoin(LegacyAddress room, String nick, Optional<Secret> password) {

    public RoomJoin {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(password, "password");
    }
}
