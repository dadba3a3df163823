package im.switchboard.core.spi;

/** The legacy recipient does not exist or cannot receive messages now. */
public final class RecipientUnavailableException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public RecipientUnavailableException(String message) {
        super(message);
    }

    public RecipientUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
