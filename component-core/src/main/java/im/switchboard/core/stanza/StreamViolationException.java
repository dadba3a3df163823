package im.switchboard.core.stanza;

/**
 * The peer broke the XML stream rules (RFC 6120 sections 4.9 and 11): the stream must be closed with
 * {@link #condition()} as stream error.
 */
public final class StreamViolationException extends Exception {

    private final StreamErrorCondition condition;

    /** A violation with the stream error to send and a one-line explanation for the log. */
    public StreamViolationException(StreamErrorCondition condition, String message) {
        super(message);
        this.condition = condition;
    }

    /** A violation caused by a parser exception. */
    public StreamViolationException(StreamErrorCondition condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = condition;
    }

    /** The stream error condition to send (RFC 6120 section 4.9.3). */
    public StreamErrorCondition condition() {
        return condition;
    }
}
