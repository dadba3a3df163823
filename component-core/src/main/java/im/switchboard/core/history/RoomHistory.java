package im.switchboard.core.history;

import java.util.List;

/**
 * The recent messages of each room a user is in, as the gateway saw them, replayed when the user (re)enters
 * the room (XEP-0045 section 7.2.14). Kept per user: every user has their own legacy connection, so each sees
 * their own history.
 *
 * <p>Threading: thread-safe. {@link #append} never blocks on storage (write-behind, so history never slows the
 * relay); {@link #recent} sees every entry appended before it was called.
 */
public interface RoomHistory extends AutoCloseable {

    /**
     * Remember one message.
     *
     * @param user the user's normalised bare JID
     * @param room the room's JID (bare, normalised)
     */
    void append(String user, String room, HistoryEntry entry);

    /** The most recent entries within {@code limit}, oldest first. */
    List<HistoryEntry> recent(String user, String room, HistoryLimit limit);

    /**
     * Whether this history serves room archives (XEP-0313 section 6): {@link #archive} answers, and rooms advertise
     * {@code urn:xmpp:mam:2}. False by default: a history that keeps nothing has no archive to offer.
     */
    default boolean archives() {
        return false;
    }

    /**
     * One page of what {@code user} saw in {@code room}, as kept (retention and {@link #forget} apply): the
     * entries that {@link #append} was given, in that order, each with its archive id (the entry's stanza id, or
     * one the history gave it). An entry appended before the call is in the archive, stored or not.
     *
     * @param user the user's normalised bare JID
     * @param room the room's JID (bare, normalised)
     * @throws UnknownArchiveIdException     when the query's {@code after}/{@code before} id is not in the archive
     * @throws UnsupportedOperationException when {@link #archives()} is false
     * @throws HistoryStoreException         when the stored part cannot be read
     */
    default ArchivePage archive(String user, String room, ArchiveQuery query) {
        throw new UnsupportedOperationException("this room history keeps no archive");
    }

    /** Forget everything of {@code user} (unregistration). */
    void forget(String user);

    /** Write what is pending and release storage. Idempotent. */
    @Override
    void close();
}
