package im.switchboard.core.ping;

import im.switchboard.core.routing.IqHandler;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.Target;
import im.switchboard.core.spi.LegacyAddress;
import org.xmpp.packet.IQ;

/**
 * XEP-0199 section 4: a ping is answered with an empty {@code result}. A contact JID is answered by the gateway
 * on the contact's behalf: the address is valid (the router has decoded it) and the gateway is reachable, which
 * is all a client can learn from pinging a gateway-hosted JID.
 */
public final class PingHandler {

    /** The XEP-0199 namespace. */
    public static final String NAMESPACE = "urn:xmpp:ping";

    private PingHandler() {
    }

    /** Register for {@code get} on the domain and on contacts. */
    public static void registerWith(IqHandlers handlers) {
        registerWith(handlers, PONG);
    }

    /**
     * Register for {@code get} on the domain and on contacts; a ping to a room or occupant JID goes to
     * {@code rooms} (XEP-0410: whether the pinging resource is in the room decides the answer).
     */
    public static void registerWith(IqHandlers handlers, IqHandler rooms) {
        handlers.register(Target.DOMAIN, NAMESPACE, IQ.Type.get, PONG);
        handlers.register(Target.CONTACT, NAMESPACE, IQ.Type.get, request ->
                request.contact().map(LegacyAddress::isRoom).orElse(false) ? rooms.handle(request)
                        : PONG.handle(request));
    }

    private static final IqHandler PONG = IqHandler.sync(request -> request.result());
}
