package im.switchboard.core.spi;

/**
 * The state of a user's legacy connection. The core reflects it in the gateway's presence towards the user
 * (XEP-0100 section 4.5): {@code CONNECTED} is available, the others are unavailable or away with a status.
 */
public enum ConnectionState {
    CONNECTING, CONNECTED, DISCONNECTED, FAILED
}
