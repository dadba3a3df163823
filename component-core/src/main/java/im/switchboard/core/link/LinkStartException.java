package im.switchboard.core.link;

/**
 * {@link ComponentLink#start()} could not establish the first link. The message says what to fix: the
 * secret, the server's Component entry, the host and port, or TLS.
 */
public final class LinkStartException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean configurationError;

    /** A start failure caused by the configuration (settings, secret, unknown domain), with a message. */
    public LinkStartException(String message) {
        super(message);
        this.configurationError = true;
    }

    /** A start failure with a message for the operator and its cause. */
    public LinkStartException(String message, Throwable cause, boolean configurationError) {
        super(message, cause);
        this.configurationError = configurationError;
    }

    /**
     * Whether a person must change something (wrong secret, unknown component, plaintext refused, another
     * instance attached) rather than wait: a server that is down or not yet listening is not a configuration
     * error, and a supervisor may simply start the gateway again later.
     */
    public boolean configurationError() {
        return configurationError;
    }
}
