package im.switchboard.core.spi;

/** The operation is not supported by this network or bridge. */
public final class UnsupportedException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public UnsupportedException(String message) {
        super(message);
    }

    public UnsupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
