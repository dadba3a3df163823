package im.switchboard.core.link;

import org.xmpp.packet.Packet;

/**
 * Where the core writes stanzas to the XMPP server.
 *
 * <p>Thread-safe and non-blocking. Every stanza is validated before it is queued (THREATS X1, X6, X7); a
 * stanza that fails validation is logged and dropped, never queued, so it is never replayed. While the link
 * is down stanzas wait in a bounded queue and go out in order after the next handshake.
 */
public interface StanzaOutput {

    /** Queue one stanza for writing. */
    SendResult send(Packet packet);

    /**
     * Queue one stanza of bulk traffic (legacy -> XMPP messages, which their sender retries under backpressure):
     * it may be refused with {@link SendResult#QUEUE_FULL} while room remains for {@link #send}, so that replies,
     * errors and presence still get through when one user's legacy traffic fills the queue (THREATS X11).
     */
    default SendResult sendBulk(Packet packet) {
        return send(packet);
    }
}
