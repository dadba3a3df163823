package im.switchboard.core.session;

/**
 * Where a kept-open session's rooms are remembered across restarts (see {@link SavedRooms}): the component stores
 * them in the user's registration. Called on the user's actor; must not block (the write happens elsewhere, and
 * the latest rooms given for a user are the ones that end up stored).
 */
@FunctionalInterface
public interface RoomMemory {

    /** Remembers nothing (sessions that are never kept open, tests). */
    RoomMemory NONE = (user, rooms) -> {
    };

    /** Store {@code rooms} as the rooms of {@code user} (a normalised bare JID). */
    void save(String user, SavedRooms rooms);
}
