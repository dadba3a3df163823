package im.switchboard.core.spi;

/** A temporary failure (timeout, server restart); the same request may succeed later. */
public final class TransientFailureException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public TransientFailureException(String message) {
        super(message);
    }

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
