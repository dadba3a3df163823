package im.switchboard.core.link;

/** Where a {@link ComponentLink} is in its life. */
public enum LinkState {
    /** Created, {@link ComponentLink#start()} not called yet. */
    NEW,
    /** Connecting and handshaking for the first time. */
    CONNECTING,
    /** Handshake done; stanzas flow. */
    UP,
    /** The link was lost; waiting out the backoff or reconnecting. Sends are queued. */
    RECONNECTING,
    /** Closed for good. */
    CLOSED
}
