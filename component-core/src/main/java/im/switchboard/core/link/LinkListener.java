package im.switchboard.core.link;

import org.xmpp.packet.Packet;

/**
 * Receives what the XEP-0114 link reads, and hears about the link's state.
 *
 * <p>Threading: all three methods are called on the link's single reader thread, in stream order. They must
 * not block for long (hand work to a mailbox); a slow listener slows every user of the component domain.
 */
public interface LinkListener {

    /**
     * One stanza (message, presence or iq) addressed to the component, in the order the server sent it.
     *
     * <p>The packet's element is in no namespace (the stream's {@code jabber:component:accept} is mapped away,
     * as in packets Tinder builds); its extensions keep their namespaces. Its JIDs are as the server sent them,
     * not re-stringprepped: normalise before keying state on them (THREATS G8). The link's own keepalive ping
     * replies never arrive here; pings addressed to the component do.
     */
    void packetReceived(Packet packet);

    /** The handshake succeeded (first connect and every reconnect). Queued outbound stanzas follow. */
    default void linkUp() {
    }

    /** The link was lost or closed; {@code reason} is for logs and people. */
    default void linkDown(String reason) {
    }
}
