package im.switchboard.core.error;

import java.util.List;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * Builds the error reply to a stanza (RFC 6120 section 8.3.1): the reply goes back to the sender ({@code to} and
 * {@code from} swapped), keeps the {@code id}, has type {@code error}, and may carry the original payload so the
 * sender can tell which request failed. The original's own {@code <error/>} child is never copied.
 *
 * <p>Never call this for a stanza of type {@code error}: {@link #mayAnswer(Packet)} says whether an error reply is
 * allowed at all (RFC 6120 sections 8.2.3 and 8.3.1: no error in reply to an error, no reply to an IQ result).
 */
public final class ErrorReplies {

    private ErrorReplies() {
    }

    /** Whether an error may be sent in reply to {@code packet}: not to errors, not to IQ results. */
    public static boolean mayAnswer(Packet packet) {
        return switch (packet) {
            case IQ iq -> iq.getType() == IQ.Type.get || iq.getType() == IQ.Type.set;
            case Message m -> m.getType() != Message.Type.error;
            case Presence p -> p.getType() != Presence.Type.error;
            default -> false;
        };
    }

    /** The error reply to {@code original}; the original is not modified. */
    public static Packet replyTo(Packet original, StanzaError error) {
        if (!mayAnswer(original)) {
            throw new IllegalArgumentException("no error may answer " + original.getElement().getName()
                    + " of type error/result");
        }
        return build(original, error);
    }

    /**
     * The error reply to an IQ whose type is missing or unknown: it is still a request that gets exactly one
     * reply (RFC 6120 section 8.2.3), typically {@code bad-request}.
     */
    public static Packet replyToUntypedIq(IQ original, StanzaError error) {
        return build(original, error);
    }

    private static Packet build(Packet original, StanzaError error) {
        Packet reply = original.createCopy();
        Element errorChild = reply.getElement().element("error");
        if (errorChild != null) {
            reply.getElement().remove(errorChild);
        }
        reply.setTo(original.getFrom());
        reply.setFrom(original.getTo());
        switch (reply) {
            case IQ iq -> iq.setType(IQ.Type.error);
            case Message m -> m.setType(Message.Type.error);
            case Presence p -> p.setType(Presence.Type.error);
            default -> throw new IllegalArgumentException("not a stanza: " + original.getClass());
        }
        reply.setError(error.toPacketError());
        return reply;
    }

    /** The error reply to {@code original} without its payload (only the {@code <error/>} child). */
    public static Packet bareReplyTo(Packet original, StanzaError error) {
        Packet reply = replyTo(original, error);
        Element root = reply.getElement();
        for (Element child : List.copyOf(root.elements())) {
            if (!"error".equals(child.getName())) {
                root.remove(child);
            }
        }
        return reply;
    }
}
