package im.switchboard.core.history;

/** The history file cannot be opened or used; the message says what to do and never holds a key or a body. */
public final class HistoryStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HistoryStoreException(String message) {
        super(message);
    }

    public HistoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
