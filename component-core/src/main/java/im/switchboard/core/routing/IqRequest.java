package im.switchboard.core.routing;

import im.switchboard.core.access.AccessDecision;
import im.switchboard.core.spi.LegacyAddress;
import java.util.Objects;
import java.util.Optional;
import org.xmpp.packet.IQ;

/**
 * An IQ {@code get} or {@code set} that passed the access check, as a handler sees it.
 *
 * @param iq      the request; handlers must not modify it
 * @param sender  who sent it
 * @param target  whether it is addressed to the domain or to a contact
 * @param contact the decoded legacy address when {@code target} is {@link Target#CONTACT}
 */
public record IqRequest(IQ iq, AccessDecision sender, Target target, Optional<LegacyAddress> contact) {

    public IqRequest {
        Objects.requireNonNull(iq, "iq");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(contact, "contact");
    }

    /** An empty {@code result} to this request, ready for a payload. */
    public IQ result() {
        return IQ.createResultIQ(iq);
    }
}
