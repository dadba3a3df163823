package im.switchboard.core.muc;

import java.time.Duration;

import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.LegacySession;
import java.util.Optional;

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
     * Runs {@code onActor} on the user's actor after {@code delay} (a join's deadline). A task that finds the
     * mailbox full or the gateway shutting down is dropped; tasks check the state they find.
     */
    void schedule(Duration delay, Runnable onActor);
}
