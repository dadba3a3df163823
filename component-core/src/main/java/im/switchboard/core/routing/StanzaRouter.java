package im.switchboard.core.routing;

import im.switchboard.core.access.AccessDecision;
import im.switchboard.core.access.AccessPolicy;
import im.switchboard.core.error.ErrorReplies;
import im.switchboard.core.error.LegacyErrors;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.Presence;

/**
 * Dispatches every stanza the link reads. Runs on the link's reader thread and never blocks.
 *
 * <p>Order of checks: addressing (a stanza without {@code from}, or not for our domain, is dropped: the server
 * never sends those), type (errors and IQ responses are never answered), access (THREATS X2), the target's local
 * part (the codec's {@link InvalidAddressException} becomes {@code jid-malformed}), registration (XEP-0100
 * section 4.1: {@code registration-required}), then the handler or the user's actor.
 */
public final class StanzaRouter {

    private static final Logger LOG = LoggerFactory.getLogger(StanzaRouter.class);

    private final JID domain;
    private final AccessPolicy access;
    private final AddressCodec codec;
    private final IqHandlers iqHandlers;
    private final PendingRequests pending;
    private final UserTraffic users;
    private final Outbox outbox;
    private final Duration iqTimeout;

    public StanzaRouter(String domain, AccessPolicy access, AddressCodec codec, IqHandlers iqHandlers,
            PendingRequests pending, UserTraffic users, Outbox outbox, Duration iqTimeout) {
        this.domain = new JID(null, domain, null);
        this.access = Objects.requireNonNull(access, "access");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.iqHandlers = Objects.requireNonNull(iqHandlers, "iqHandlers");
        this.pending = Objects.requireNonNull(pending, "pending");
        this.users = Objects.requireNonNull(users, "users");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.iqTimeout = Objects.requireNonNull(iqTimeout, "iqTimeout");
    }

    /** Route one stanza. Never throws for a stanza's content. */
    public void route(Packet packet) {
        // The link builds packets without stringprep (fast path), so addresses are prepared here, once: per-user
        // state is keyed by the normalised bare JID (THREATS G8) and 'Romeo@Montague.LIT' is romeo@montague.lit.
        JID from = prepared(packet.getFrom());
        JID to = prepared(packet.getTo());
        if (from != null && to != null) {
            packet.setFrom(from);
            packet.setTo(to);
        }
        if (from == null || to == null || !domain.getDomain().equals(to.getDomain())) {
            LOG.warn("dropped a {} not addressed to {} (from {} to {})", packet.getElement().getName(),
                    domain, from, to);
            return;
        }
        Target target = to.getNode() == null ? Target.DOMAIN : Target.CONTACT;
        switch (packet) {
            case IQ iq -> routeIq(iq, target);
            case Message message -> routeMessage(message, target);
            case Presence presence -> routePresence(presence, target);
            default -> LOG.warn("dropped an unknown stanza kind {}", packet.getElement().getName());
        }
    }

    /** The JID with nodeprep, nameprep and resourceprep applied (RFC 6122), or null when it has none or is invalid. */
    private static JID prepared(JID jid) {
        if (jid == null) {
            return null;
        }
        try {
            return new JID(jid.getNode(), jid.getDomain(), jid.getResource());
        } catch (IllegalArgumentException e) {
            LOG.debug("invalid JID {}: {}", jid, e.getMessage());
            return null;
        }
    }

    private void routeIq(IQ iq, Target target) {
        String rawType = iq.getElement().attributeValue("type");
        if (!"get".equals(rawType) && !"set".equals(rawType) && !"result".equals(rawType)
                && !"error".equals(rawType)) {
            // RFC 6120 section 8.2.3: a request still gets exactly one reply. Tinder cannot read a missing or
            // unknown type, so the error is built from the raw element.
            outbox.sendError(ErrorReplies.replyToUntypedIq(iq,
                    StanzaError.of(Condition.bad_request, "an IQ needs the type get, set, result or error")));
            return;
        }
        if (iq.isResponse()) {
            // RFC 6120 section 8.2.3: a response is never answered; it either completes our request or is noise.
            if (!pending.complete(iq)) {
                LOG.debug("dropped IQ {} {} from {}: no request of ours waits for it", iq.getType(), iq.getID(),
                        iq.getFrom());
            }
            return;
        }
        IqReply reply = new IqReply(iq, this::sendReply);
        AccessDecision sender = access.decide(iq.getFrom());
        if (sender instanceof AccessDecision.Forbidden) {
            reply.error(forbidden());
            return;
        }
        Element child = iq.getChildElement();
        if (child == null) {
            // RFC 6120 section 8.2.3: a get or set contains exactly one payload element.
            reply.error(StanzaError.of(Condition.bad_request, "an IQ get or set needs one payload"));
            return;
        }
        Optional<LegacyAddress> contact;
        try {
            contact = decodeTarget(iq.getTo(), target);
        } catch (InvalidAddressException e) {
            reply.error(LegacyErrors.of(e));
            return;
        }
        Optional<IqHandler> handler = iqHandlers.find(target, child.getNamespaceURI(), iq.getType());
        if (handler.isEmpty()) {
            // RFC 6120 section 8.4: an unsupported payload namespace is service-unavailable.
            reply.error(StanzaError.of(Condition.service_unavailable));
            return;
        }
        dispatch(handler.get(), new IqRequest(iq, sender, target, contact), reply);
    }

    private void dispatch(IqHandler handler, IqRequest request, IqReply reply) {
        CompletionStage<IQ> stage;
        try {
            stage = handler.handle(request);
        } catch (Exception e) {
            // Error-by-default: a handler that throws still yields exactly one (error) reply.
            reply.fail(e);
            return;
        }
        if (stage == null) {
            reply.succeed(null);
            return;
        }
        stage.toCompletableFuture().orTimeout(iqTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        reply.fail(failure);
                    } else {
                        reply.succeed(result);
                    }
                });
    }

    private void routeMessage(Message message, Target target) {
        if (message.getType() == Message.Type.error) {
            LOG.debug("message error from {} not answered (RFC 6120 section 8.3.1)", message.getFrom());
            return;
        }
        AccessDecision sender = access.decide(message.getFrom());
        switch (sender) {
            case AccessDecision.Forbidden f -> refuse(message, forbidden());
            case AccessDecision.Unregistered u -> {
                Optional<LegacyAddress> room = guestRoom(message.getFrom(), message.getTo(), target);
                if (room.isEmpty()) {
                    refuse(message, registrationRequired());
                } else if (!users.offerGuestRoomMessage(u.user(), message, room.get())) {
                    refuse(message, mailboxFull());
                }
            }
            case AccessDecision.Registered r -> {
                if (target == Target.DOMAIN) {
                    // Nothing is served on the domain's message channel yet; a body deserves an answer.
                    if (message.getBody() != null) {
                        refuse(message, StanzaError.of(Condition.service_unavailable));
                    }
                    return;
                }
                LegacyAddress to;
                try {
                    to = codec.decode(message.getTo().getNode());
                } catch (InvalidAddressException e) {
                    refuse(message, LegacyErrors.of(e));
                    return;
                }
                if (to.isRoom()) {
                    // XEP-0045: room@domain and room@domain/nick; the user's actor holds the room state.
                    if (!users.offerRoomMessage(r.registration(), message, to)) {
                        refuse(message, mailboxFull());
                    }
                    return;
                }
                if (message.getType() == Message.Type.groupchat) {
                    refuse(message, StanzaError.of(Condition.feature_not_implemented,
                            "this address is not a room"));
                    return;
                }
                if (!users.offerMessage(r.registration(), message, to)) {
                    refuse(message, mailboxFull());
                }
            }
        }
    }

    private void routePresence(Presence presence, Target target) {
        if (presence.getType() == Presence.Type.error) {
            LOG.debug("presence error from {} not answered (RFC 6120 section 8.3.1)", presence.getFrom());
            return;
        }
        AccessDecision sender = access.decide(presence.getFrom());
        switch (sender) {
            // RFC 6121 lets a server ignore presence from entities it does not serve; an error would only tell
            // a stranger that the gateway exists.
            case AccessDecision.Forbidden f -> LOG.debug("ignored presence from {} (domain not served)", f.user());
            case AccessDecision.Unregistered u -> {
                Optional<LegacyAddress> room = guestRoom(presence.getFrom(), presence.getTo(), target);
                if (room.isPresent()) {
                    if (!users.offerGuestRoomPresence(u.user(), presence, room.get()) && presence.getType() == null) {
                        refuse(presence, mailboxFull());
                    }
                    return;
                }
                if (presence.getType() == Presence.Type.subscribe && presence.getFrom().getNode() != null) {
                    // RFC 6121 section 3.2: deny the subscription; only registered users see the gateway.
                    Presence deny = new Presence(Presence.Type.unsubscribed);
                    deny.setFrom(presence.getTo().asBareJID());
                    deny.setTo(presence.getFrom().asBareJID());
                    outbox.send(deny);
                }
            }
            case AccessDecision.Registered r -> {
                Optional<LegacyAddress> contact;
                try {
                    contact = decodeTarget(presence.getTo(), target);
                } catch (InvalidAddressException e) {
                    if (presence.getType() == Presence.Type.subscribe) {
                        refuse(presence, LegacyErrors.of(e));
                    }
                    return;
                }
                if (contact.isPresent() && contact.get().isRoom()) {
                    // XEP-0045 section 7.2: joins, updates, nick changes and exits are presence to room/nick. A
                    // join refused for a full mailbox is told (the client waits for an answer otherwise).
                    if (!users.offerRoomPresence(r.registration(), presence, contact.get())
                            && presence.getType() == null) {
                        refuse(presence, mailboxFull());
                    }
                    return;
                }
                if (!users.offerPresence(r.registration(), presence, contact)
                        && presence.getType() == Presence.Type.subscribe) {
                    // Only a subscription request expects an answer. Available/unavailable presence arrives once
                    // per legacy contact in the user's roster (the server broadcasts it, RFC 6121 section 4.2.2),
                    // so under load it is redundant: it is counted and dropped rather than bounced N times.
                    refuse(presence, mailboxFull());
                }
            }
        }
    }

    /**
     * The room an unregistered user addresses, when the gateway lets such users into rooms: a user JID (not the
     * served server) sending to a room or occupant JID. Anything else stays {@code registration-required}.
     */
    private Optional<LegacyAddress> guestRoom(JID from, JID to, Target target) {
        if (!users.acceptsGuests() || from.getNode() == null || target == Target.DOMAIN) {
            return Optional.empty();
        }
        try {
            LegacyAddress address = codec.decode(to.getNode());
            return address.isRoom() ? Optional.of(address) : Optional.empty();
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }

    private Optional<LegacyAddress> decodeTarget(JID to, Target target) throws InvalidAddressException {
        if (target == Target.DOMAIN) {
            return Optional.empty();
        }
        return Optional.of(codec.decode(to.getNode()));
    }

    private void refuse(Packet packet, StanzaError error) {
        if (ErrorReplies.mayAnswer(packet)) {
            outbox.sendError(ErrorReplies.replyTo(packet, error));
        }
    }

    private void sendReply(Packet reply) {
        if (reply.getError() != null) {
            outbox.sendError(reply);
        } else {
            outbox.send(reply);
        }
    }

    private static StanzaError forbidden() {
        return StanzaError.of(Condition.forbidden, "this gateway does not serve your domain");
    }

    private static StanzaError registrationRequired() {
        return StanzaError.of(Condition.registration_required, "register with the gateway first (XEP-0077)");
    }

    private static StanzaError mailboxFull() {
        return new StanzaError(Condition.resource_constraint, PacketError.Type.wait,
                "too many requests in progress; try again later");
    }
}
