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

    /** Forget everything of {@code user} (unregistration). */
    void forget(String user);

    /** Write what is pending and release storage. Idempotent. */
    @Override
    void close();
}
