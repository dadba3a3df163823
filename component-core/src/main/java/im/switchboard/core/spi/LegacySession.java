package im.switchboard.core.spi;

/**
 * One user's connection to a legacy network.
 *
 * <p>Threading: every method is called on the user's actor thread, one at a time (see the package
 * documentation). Blocking is allowed. Results of asynchronous legacy work go to the {@link XmppSink}.
 *
 * <p>Lifecycle: {@link #connect()} once after opening (XEP-0100: when the user's first available presence
 * reaches the gateway), then any number of sends, then {@link #close()} (the user's last unavailable
 * presence, unregistration or shutdown). {@code close} is idempotent and never throws.
 */
public interface LegacySession {

    /**
     * Connect and log in. Report progress through {@link XmppSink#connectionStateChanged}; a failure that
     * happens later (a dropped connection) is reported there too.
     */
    void connect() throws LegacyException;

    /** Send one text message to a legacy contact. Thrown errors become the stanza error the user sees. */
    void sendMessage(OutgoingMessage message) throws LegacyException;

    /** Forward a chat state (XEP-0085). Only called when the bridge declares {@link Capability#CHAT_STATES}. */
    default void sendChatState(LegacyAddress to, ChatState state) throws LegacyException {
        throw new UnsupportedException("chat states are not supported on this network");
    }

    /** Disconnect and release everything. Idempotent; never throws. */
    void close();
}
