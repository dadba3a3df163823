package im.switchboard.irc.connection;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.irc.message.IrcLine;
import im.switchboard.irc.message.IrcMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's connection to one IRC server (PircBotX underneath): socket, TLS, capability negotiation
 * (IRCv3), SASL, server password, NickServ identification, keepalive and the throttled send queue.
 *
 * <p>It does not interpret channels or messages: every line after registration reaches the
 * {@link IrcConnectionListener} as a parsed {@link IrcMessage}, in the order the server sent them, on the
 * connection's own reader thread. The session above turns them into XMPP facts.
 *
 * <p>Threading: {@link #send} and {@link #close} are thread-safe; {@link #open} is called once.
 */
public interface IrcConnection {

    /**
     * Connect and register (modern IRC client protocol, "Connection Registration"): CAP LS 302, CAP REQ of the
     * wanted capabilities the server offers, SASL PLAIN when credentials are given, PASS, NICK/USER, then wait
     * for RPL_WELCOME (001). Nick collisions during registration (433) are resolved by the connection with a
     * suffix; {@link #nick()} tells the result. After 001, NickServ IDENTIFY is sent when a NickServ password
     * is given. Blocks until registered or failed; does not retry.
     *
     * @throws LegacyException {@code AuthenticationFailedException} for a refused SASL/PASS,
     *                         {@code RateLimitedException} for "too many connections" or a K-line (I5),
     *                         {@code TransientFailureException} for an unreachable server or a timeout,
     *                         {@code InvalidAddressException} for a server that is not allow-listed (I4)
     */
    void open(IrcConnectionListener listener) throws LegacyException;

    /**
     * Queue one message for the server. The line is sanitized and checked by
     * {@link im.switchboard.irc.message.IrcMessageWriter} (I1, never more than 512 bytes) and leaves at the
     * server's rate (burst, then the steady rate of its {@link IrcServerPolicy}); nothing queued is dropped (I5).
     *
     * @return the exact line that will be written, for reflections
     * @throws NotConnectedException when the connection is not registered or is closed
     * @throws RateLimitedException  when the send queue is full (the user sends faster than the server's rate):
     *                               nothing was queued, the user should wait
     */
    IrcLine send(IrcMessage message) throws NotConnectedException, RateLimitedException;

    /**
     * Queues every message, in order, or none of them: the lines of one XMPP message are not cut in half by a full
     * send queue. Otherwise as {@link #send}.
     *
     * @return the exact lines that will be written, in order
     */
    default List<IrcLine> sendAll(List<IrcMessage> messages) throws NotConnectedException, RateLimitedException {
        List<IrcLine> out = new ArrayList<>(messages.size());
        for (IrcMessage message : messages) {
            out.add(send(message));
        }
        return out;
    }

    /** The nick the server knows the user by now (it changes with NICK and 433 handling). */
    String nick();

    /** What the server announced: ISUPPORT (005) tokens and the capabilities that were acknowledged. */
    ServerFeatures features();

    /** Whether the connection is registered and not closed. */
    boolean isOpen();

    /**
     * Send QUIT with {@code reason} (after what is queued, bounded by a short deadline) and close the socket.
     * Idempotent; never throws. The listener's {@link IrcConnectionListener#closed} follows.
     */
    void close(String reason);
}
