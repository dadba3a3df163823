package im.switchboard.irc.session;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.irc.connection.IrcConnection;
import java.util.Optional;

/**
 * An operation of the user's (a join, a private message, a raw command) that waits in its {@link IrcServerLink}'s
 * queue while the connection to the server is being opened, so that the user's actor does not wait for the connect
 * (a slow server would hold up all of the user's traffic, on every other server and room too).
 *
 * <p>Threading: made on the user's actor thread, then run or failed exactly once, on the thread that opened the
 * connection (or that gave up on it). Implementations touch only thread-safe things: the connection, the link's
 * translator and the sink; never the session's own state.
 */
interface DeferredOperation {

    /** Sends the operation's lines on the connection that just opened. */
    void run(IrcConnection connection) throws LegacyException;

    /**
     * The connection did not open, or {@link #run} failed: tell the user the way the synchronous path would.
     *
     * @param why  the failure
     * @param text what to tell the user, naming the server when the connect failed
     */
    void failed(LegacyException why, String text);

    /**
     * The channel a join is for; a later join of the same channel replaces the queued one (keeping its place), and
     * leaving the channel removes it.
     */
    default Optional<String> channel() {
        return Optional.empty();
    }

    /**
     * Whether the operation waits for the next attempt when the link is between reconnects (a join: the rooms are
     * rejoined anyway), or is refused then (a message would wait for minutes of backoff and arrive out of context).
     */
    default boolean waitsForReconnect() {
        return false;
    }
}
