package im.switchboard.core.history;

/**
 * The {@code after} or {@code before} id of an archive query names no entry of the archive (XEP-0313 section
 * 4.3.1: the answer is {@code item-not-found}). The id itself is not in the message: it came from the user.
 */
public final class UnknownArchiveIdException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownArchiveIdException() {
        super("no archived message has that id");
    }
}
