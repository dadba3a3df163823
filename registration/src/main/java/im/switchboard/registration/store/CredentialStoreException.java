package im.switchboard.registration.store;

/**
 * The credential store cannot be opened, read or written. The message says which database, what is wrong and
 * what to do; it never contains a secret or a key (THREATS G3). Opening fails closed: after this exception
 * nothing was created, re-created or emptied (THREATS G7).
 */
public final class CredentialStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for an administrator
     */
    public CredentialStoreException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for an administrator
     * @param cause   the underlying failure
     */
    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
