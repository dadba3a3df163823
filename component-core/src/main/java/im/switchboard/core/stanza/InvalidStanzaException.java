package im.switchboard.core.stanza;

/** An outbound stanza that must not be written (THREATS X1, X6, X7); the message never contains a body. */
public final class InvalidStanzaException extends Exception {

    /** A stanza rejected for {@code reason}. */
    public InvalidStanzaException(String reason) {
        super(reason);
    }
}
