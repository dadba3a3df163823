package im.switchboard.core.error;

import java.util.Objects;

/** Thrown by a handler to answer with a specific stanza error. */
public final class StanzaErrorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient StanzaError error;

    public StanzaErrorException(StanzaError error) {
        super(error.condition().toXMPP() + (error.text().isEmpty() ? "" : ": " + error.text()));
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error to answer with. */
    public StanzaError error() {
        return error;
    }
}
