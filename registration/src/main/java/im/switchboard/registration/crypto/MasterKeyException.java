package im.switchboard.registration.crypto;

/**
 * A master key cannot be read, written or used: the message says why and what to do. It never contains the key.
 */
public final class MasterKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for an administrator
     */
    public MasterKeyException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for an administrator
     * @param cause   the underlying failure
     */
    public MasterKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
