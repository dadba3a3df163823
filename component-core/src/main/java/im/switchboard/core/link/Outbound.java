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
 * @param failedWrites how many different connections died while this stanza was in flight on them
 * @param lastFailedEpoch the epoch of the last of those connections, or -1
 */
record Outbound(byte[] xml, StanzaKind kind, boolean stampable, StanzaSummary summary, long epoch, long queuedAtMillis,
                boolean ping, int failedWrites, long lastFailedEpoch) {

    /** The same stanza, counted as in flight on the connection {@code failedEpoch} that died (once per connection). */
    Outbound failedOn(long failedEpoch) {
        if (failedEpoch == lastFailedEpoch) {
            return this;
        }
        return new Outbound(xml, kind, stampable, summary, epoch, queuedAtMillis, ping, failedWrites + 1,
                failedEpoch);
    }
}
