package im.switchboard.core.link;

import im.switchboard.core.stanza.StanzaKind;
import im.switchboard.core.stanza.StanzaSummary;

/**
 * One queued outbound stanza.
 *
 * @param xml validated UTF-8 bytes
 * @param kind what the stanza is
 * @param stampable whether an XEP-0203 delay may be added
 * @param summary type, id and to, for logs
 * @param epoch the connection it was queued for, or -1 when queued while the link was down
 * @param queuedAtMillis wall-clock time of queueing: the XEP-0203 stamp
 * @param ping a keepalive ping of the link itself: dropped rather than sent on a later connection
 * @param failedWrites how many connections died while this stanza was in flight on them
 */
record Outbound(byte[] xml, StanzaKind kind, boolean stampable, StanzaSummary summary, long epoch, long queuedAtMillis,
                boolean ping, int failedWrites) {

    /** The same stanza, counted as in flight on one more connection that died. */
    Outbound failedOnce() {
        return new Outbound(xml, kind, stampable, summary, epoch, queuedAtMillis, ping, failedWrites + 1);
    }
}
