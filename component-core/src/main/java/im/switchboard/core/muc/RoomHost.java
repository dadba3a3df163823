package im.switchboard.core.muc;

import java.time.Duration;

import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.LegacySession;
import java.util.Optional;
import org.xmpp.packet.JID;

/**
 * What {@link UserRooms} needs from the user's session. Called on the user's actor only.
 */
public interface RoomHost {

    /**
     * The user's legacy session, opened and connected now when there is none: entering a room logs the user in
     * even without presence to the gateway (as Biboumi does).
     *
     * @throws StanzaErrorException when the session cannot be opened (the log-in failed, or failed recently)
     */
    LegacySession openSession() throws StanzaErrorException;

    /** The legacy session, if one is open. */
    Optional<LegacySession> session();

    /** The user left their last room: the host closes the session unless the user is online to the gateway. */
    void roomsChanged();

    /**
     * Whether the legacy side of a room stays joined when {@code resource}, the last of the user's resources in
     * it, leaves: true for a kept-open (always-on) session when the resource is no longer available to the
     * gateway (it went offline, and its server sent the room the unavailable presence, RFC 6121 section 4.6.3).
     * An exit while the resource is still online is a real exit.
     */
    default boolean keepsRoomWhenLeft(JID resource) {
        return false;
    }

    /**
     * The user is in {@code room} under {@code nick}: remembered for a restart when the session is kept open and
     * the join was the user's ({@code requested}), or to update the nick of a remembered room.
     */
    default void roomEntered(JID room, String nick, boolean requested) {
    }

    /** The user left {@code room} for good (an exit, a kick, a ban, a refused join): not rejoined after a restart. */
    default void roomForgotten(JID room) {
    }

    /**
     * Runs {@code onActor} on the user's actor after {@code delay} (a join's deadline). A task that finds the
     * mailbox full or the gateway shutting down is dropped; tasks check the state they find.
     */
    void schedule(Duration delay, Runnable onActor);
}
