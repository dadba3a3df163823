package im.switchboard.core.spi;

/**
 * The state of a user's legacy connection. The core reflects it in the gateway's presence towards the user
 * (XEP-0100 section 4.5): {@code CONNECTED} is available, {@code CONNECTING} is available with
 * {@code <show>away</show>} and a status, the others are unavailable with the detail as status.
 */
public enum ConnectionState {
    /** Logging in (or reconnecting on the bridge's own initiative). Messages are refused until connected. */
    CONNECTING,
    /** Logged in: messages are sent. */
    CONNECTED,
    /** The connection is down; the bridge may reconnect by itself and report {@code CONNECTING} again. */
    DISCONNECTED,
    /** The bridge gave up. The user's next available presence closes this session and logs in again. */
    FAILED
}
