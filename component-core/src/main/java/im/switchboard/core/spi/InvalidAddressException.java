package im.switchboard.core.spi;

/** The address names no legacy entity (bad JID local part, bad phone number, ...). */
public final class InvalidAddressException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public InvalidAddressException(String message) {
        super(message);
    }

    public InvalidAddressException(String message, Throwable cause) {
        super(message, cause);
    }
}
