package im.switchboard.core.routing;

import im.switchboard.core.error.ErrorReplies;
import im.switchboard.core.error.LegacyErrors;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.LegacyException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * The one reply to one IQ {@code get}/{@code set} (RFC 6120 section 8.2.3). The first call of {@link #succeed},
 * {@link #fail} or {@link #error} sends; later calls are logged and ignored. Error-by-default: only a proper
 * {@code result} is sent as success, everything else becomes an error reply. Thread-safe.
 */
public final class IqReply {

    /** Namespaces whose requests may carry secrets, so errors never echo them. */
    private static final java.util.Set<String> NO_ECHO_NAMESPACES = java.util.Set.of("jabber:iq:register",
            "http://jabber.org/protocol/commands");


    private static final Logger LOG = LoggerFactory.getLogger(IqReply.class);

    private final IQ request;
    private final Consumer<Packet> out;
    private final AtomicBoolean sent = new AtomicBoolean();

    IqReply(IQ request, Consumer<Packet> out) {
        this.request = request;
        this.out = out;
    }

    /** Answer with the handler's reply; anything but a {@code result} or {@code error} IQ is an error. */
    public void succeed(IQ reply) {
        if (reply == null) {
            error(StanzaError.of(PacketError.Condition.internal_server_error, "the request was not answered"));
            return;
        }
        if (reply.getType() == IQ.Type.error && reply.getError() != null) {
            IQ error = reply.createCopy();
            address(error);
            send(error);
            return;
        }
        if (reply.getType() != IQ.Type.result) {
            LOG.warn("IQ handler for {} returned type {}; answering with an error", request.getID(), reply.getType());
            error(StanzaError.of(PacketError.Condition.internal_server_error));
            return;
        }
        IQ result = reply.createCopy();
        address(result);
        send(result);
    }

    /** Answer with the error a failure stands for. */
    public void fail(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        StanzaError error = switch (cause) {
            case StanzaErrorException e -> e.error();
            case LegacyException e -> LegacyErrors.of(e);
            case TimeoutException e -> new StanzaError(PacketError.Condition.internal_server_error,
                    PacketError.Type.wait, "the request took too long");
            default -> {
                LOG.warn("IQ handler for id {} failed", request.getID(), cause);
                yield StanzaError.of(PacketError.Condition.internal_server_error);
            }
        };
        error(error);
    }

    /**
     * Answer with {@code error}. The request's payload is echoed, as RFC 6120 section 8.3.1 allows, except for
     * requests that may carry a password (registration, command forms): XEP-0077 section 3.3 asks not to return
     * it, and an echo would put it on the wire and in logs once more (THREATS G3).
     */
    public void error(StanzaError error) {
        Element child = request.getChildElement();
        String namespace = child == null ? "" : child.getNamespaceURI();
        boolean mayHoldSecrets = NO_ECHO_NAMESPACES.contains(namespace);
        send(mayHoldSecrets ? ErrorReplies.bareReplyTo(request, error) : ErrorReplies.replyTo(request, error));
    }

    /** Whether the reply has been sent. */
    public boolean isSent() {
        return sent.get();
    }

    private void address(IQ reply) {
        reply.setID(request.getID());
        reply.setTo(request.getFrom());
        reply.setFrom(request.getTo());
    }

    private void send(Packet reply) {
        if (sent.compareAndSet(false, true)) {
            out.accept(reply);
        } else {
            LOG.warn("a second reply to IQ {} was suppressed", request.getID());
        }
    }
}
