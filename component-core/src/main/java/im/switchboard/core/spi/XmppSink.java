package im.switchboard.core.spi;

/**
 * Legacy events, reported by a session as past-tense facts. Implemented by the core.
 *
 * <p>Thread-safe: legacy I/O threads call it directly. Calls made from one thread are delivered to the user
 * in that order. A call may block briefly when the user's outbound queue is full (backpressure towards the
 * legacy socket); it never drops silently.
 */
public interface XmppSink {

    /** A legacy contact sent the user a message. */
    void messageReceived(IncomingMessage message);

    /** A legacy contact's typing state changed (XEP-0085). */
    void chatStateChanged(LegacyAddress from, ChatState state);

    /** The legacy network confirmed delivery of the user's message {@code messageId} (XEP-0184). */
    void delivered(LegacyAddress to, String messageId);

    /** The legacy connection changed state; {@code detail} is a human-readable reason, or empty. */
    void connectionStateChanged(ConnectionState state, String detail);
}
