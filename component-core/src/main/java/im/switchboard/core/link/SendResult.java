package im.switchboard.core.link;

/** What became of a stanza handed to {@link StanzaOutput#send}. */
public enum SendResult {
    /** Queued; it will be written in order, now or after the next reconnect. */
    QUEUED,
    /**
     * Not queued and never sent: it failed outbound validation (foreign from, illegal characters, too large;
     * logged without its body).
     */
    REJECTED_INVALID,
    /** The bounded outbound queue is full: dropped, counted and logged. */
    QUEUE_FULL,
    /** The link has been closed for good. */
    CLOSED
}
