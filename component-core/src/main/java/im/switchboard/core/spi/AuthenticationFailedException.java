package im.switchboard.core.spi;

/** The legacy network rejected the user's credentials. */
public final class AuthenticationFailedException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
