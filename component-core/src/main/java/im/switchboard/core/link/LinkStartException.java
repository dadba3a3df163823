package im.switchboard.core.link;

/**
 * {@link ComponentLink#start()} could not establish the first link. The message says what to fix: the
 * secret, the server's Component entry, the host and port, or TLS.
 */
public final class LinkStartException extends Exception {

    /** A start failure with a message for the operator. */
    public LinkStartException(String message) {
        super(message);
    }

    /** A start failure with a message for the operator and its cause. */
    public LinkStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
