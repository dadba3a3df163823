package im.switchboard.irc.connection;

import im.switchboard.irc.message.IrcMessage;

/**
 * Receives what an {@link IrcConnection} reads, in order, on the connection's reader thread. Implementations
 * must not block for long: the next line is read after this returns (backpressure towards the server).
 */
public interface IrcConnectionListener {

    /**
     * One line from the server, parsed. Includes the registration burst (001-005, MOTD) and everything after;
     * PING is answered by the connection and not passed on. Lines that do not parse are logged and skipped.
     */
    void onMessage(IrcMessage message);

    /**
     * The connection ended (after being open): server ERROR, ping timeout, socket closed, or {@link
     * IrcConnection#close}. Called exactly once.
     *
     * @param reason    a text for the user, for example the server's ERROR message
     * @param requested true when {@link IrcConnection#close} caused it
     */
    void closed(String reason, boolean requested);
}
