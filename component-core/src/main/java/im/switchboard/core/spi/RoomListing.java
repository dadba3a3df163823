package im.switchboard.core.spi;

import java.util.Objects;

/**
 * One room in a listing (XEP-0045 section 6.3, an IRC LIST entry).
 *
 * @param room      the room
 * @param occupants how many are in it, or -1 when unknown
 * @param subject   its subject, or empty
 */
public record RoomListing(LegacyAddress room, int occupants, String subject) {

    public RoomListing {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(subject, "subject");
    }
}
