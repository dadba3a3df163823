package im.switchboard.core.spi;

/** The user's legacy session is not connected. */
public final class NotConnectedException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public NotConnectedException(String message) {
        super(message);
    }

    public NotConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
