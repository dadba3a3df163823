package im.switchboard.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * The state of a room at the moment the user has entered it; the core turns it into the presence sequence of
 * XEP-0045 section 7.2.3 (occupants, then self-presence with status 110, and 210 when the network changed the
 * nick), the history (section 7.2.14) and the subject (section 7.2.15).
 *
 * @param room                  the room
 * @param nick                  the nick the user has in the room now
 * @param nickChangedByNetwork  true when the network gave the user another nick than the one asked for (210)
 * @param occupants             everyone in the room, the user included
 * @param subject               the room's subject
 */
public record RoomSnapshot(LegacyAddress room, String nick, boolean nickChangedByNetwork, List<Occupant> occupants,
        RoomSubject subject) {

    public RoomSnapshot {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(nick, "nick");
        occupants = List.copyOf(Objects.requireNonNull(occupants, "occupants"));
        Objects.requireNonNull(subject, "subject");
    }
}
