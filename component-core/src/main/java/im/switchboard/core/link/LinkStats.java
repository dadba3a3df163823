package im.switchboard.core.link;

/**
 * Counters of one {@link ComponentLink}, a consistent-enough snapshot for metrics and logs.
 *
 * @param received stanzas handed to the listener
 * @param sent stanzas written and flushed to the socket
 * @param rejectedInvalid stanzas refused by outbound validation (THREATS X1, X6, X7)
 * @param droppedOverflow stanzas refused because the queue was full
 * @param queued stanzas waiting in the queue now
 * @param reconnects successful handshakes after the first
 * @param lastError the last reason the link went down, or null
 */
public record LinkStats(long received, long sent, long rejectedInvalid, long droppedOverflow, int queued,
                         long reconnects, String lastError) {
}
