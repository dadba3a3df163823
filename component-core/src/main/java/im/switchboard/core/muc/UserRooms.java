package im.switchboard.core.muc;

import im.switchboard.config.Secret;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.error.ErrorReplies;
import im.switchboard.core.error.LegacyErrors;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.history.ArchiveIds;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.muc.RoomState.PendingJoin;
import im.switchboard.core.muc.RoomState.Phase;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.session.ContactJids;
import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.Page;
import im.switchboard.core.spi.PageRequest;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomListing;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.stanza.StanzaIds;
import im.switchboard.core.stanza.XmlChars;
import im.switchboard.core.stats.Counters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;
import org.xmpp.packet.Presence;

/**
 * One user's rooms (XEP-0045, see the package documentation): what the user's resources send to rooms, and
 * what the bridge reports about them. Confined to the user's actor; not thread-safe.
 *
 * <p>All the user's resources share one legacy join per room. The first resource's join goes to the bridge; a
 * later resource is answered from the core's copy of the room at once. A later resource that asks for another
 * nick than the one the user has in the room enters under the existing nick with status 210 (section 7.2.3: the
 * service assigned the nick): a nick change (7.6) would rename the user's other resources without their asking.
 */
public final class UserRooms {

    /** The most history entries replayed on a join, whatever the client asks (section 7.2.14). */
    public static final int HISTORY_CAP = 1000;
    /** The page size of a room listing when the client sets none (XEP-0059 section 2.1 lets the service choose). */
    public static final int DEFAULT_PAGE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(UserRooms.class);

    private final JID user;
    private final String userKey;
    private final String domain;
    private final AddressCodec codec;
    private final ContactJids contacts;
    private final Outbox outbox;
    private final RoomHistory history;
    private final Counters counters;
    private final RoomHost host;
    private final Duration joinTimeout;
    private final Map<String, RoomState> rooms = new HashMap<>();

    /** With the default join deadline ({@link GatewaySettings.RoomOptions#DEFAULT}). */
    public UserRooms(JID user, ContactJids contacts, AddressCodec codec, Outbox outbox, RoomHistory history,
            Counters counters, RoomHost host) {
        this(user, contacts, codec, outbox, history, counters, host, GatewaySettings.RoomOptions.DEFAULT.joinTimeout());
    }

    /**
     * @param joinTimeout how long a join may wait for the bridge's answer before the user gets
     *                    {@code remote-server-timeout}
     */
    public UserRooms(JID user, ContactJids contacts, AddressCodec codec, Outbox outbox, RoomHistory history,
            Counters counters, RoomHost host, Duration joinTimeout) {
        this.joinTimeout = Objects.requireNonNull(joinTimeout, "joinTimeout");
        this.user = user.asBareJID();
        this.userKey = this.user.toBareJID();
        this.contacts = Objects.requireNonNull(contacts, "contacts");
        this.domain = contacts.domain();
        this.codec = Objects.requireNonNull(codec, "codec");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.history = Objects.requireNonNull(history, "history");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.host = Objects.requireNonNull(host, "host");
    }

    /** Whether the user is in no room (and joins none). */
    public boolean isEmpty() {
        return rooms.isEmpty();
    }

    // ---------------------------------------------------------------- from the user

    /** Presence from one of the user's resources to a room or occupant JID. */
    public void onPresence(Presence presence, LegacyAddress room) {
        Presence.Type type = presence.getType();
        if (type == null) {
            onAvailable(presence, room);
        } else if (type == Presence.Type.unavailable) {
            onUnavailable(presence);
        } else {
            // Subscriptions and probes have no meaning for a room (section 7.2 uses directed presence only).
            LOG.debug("presence of type {} to a room ignored", type);
        }
    }

    private void onAvailable(Presence presence, LegacyAddress room) {
        JID from = presence.getFrom();
        JID roomJid = presence.getTo().asBareJID();
        String nick = presence.getTo().getResource();
        if (nick == null || nick.isBlank()) {
            // Section 7.2.1: no nick, no entry.
            refuse(presence, new StanzaError(Condition.jid_malformed, Type.modify, "a room nick is needed"));
            return;
        }
        RoomState state = rooms.get(roomJid.toBareJID());
        Element x = presence.getChildElement("x", MucNamespaces.MUC);
        if (state != null && state.joined.containsKey(from)) {
            if (!nick.equals(state.nick)) {
                changeNick(state, presence, nick);
            } else if (x != null) {
                // Section 7.2.1 (last paragraph): a join from a joined client means it lost track; send it
                // everything again.
                HistoryLimit limit = HistoryRequests.parse(x, HISTORY_CAP, Instant.now());
                state.joined.put(from, limit);
                sendJoin(state, from, limit, false);
            } else {
                presenceUpdate(state, presence);
            }
            return;
        }
        if (x == null) {
            // Section 7.2.2 (groupchat 1.0): presence without <x/> from a non-occupant is answered with an explicit
            // kick (110, 307, 333), so a client that lost the room notices instead of looking joined.
            outbox.send(MucStanzas.presence(occupantJid(roomJid, nick), from, false,
                    new MucStanzas.Item("none", "none", Optional.empty(), Optional.empty(), Optional.empty(),
                            "You are not in the room.",
                            List.of(StatusCode.SELF, StatusCode.KICKED, StatusCode.TECHNICAL_REMOVAL)),
                    null, ""));
            return;
        }
        HistoryLimit limit = HistoryRequests.parse(x, HISTORY_CAP, Instant.now());
        PendingJoin join = new PendingJoin(presence.getID(), nick, limit);
        if (state != null) {
            if (state.phase == Phase.JOINED) {
                state.joined.put(from, limit);
                sendJoin(state, from, limit, !nick.equals(state.nick));
            } else {
                // The shared legacy join is on its way: this resource gets the same answer when it comes.
                state.timedOut.remove(from);
                state.pending.put(from, join);
            }
            return;
        }
        LegacySession session;
        try {
            session = host.openSession();
        } catch (StanzaErrorException e) {
            refuse(presence, e.error());
            return;
        }
        RoomState restored = rooms.get(roomJid.toBareJID());
        if (restored != null) {
            // The log-in of a kept-open session rejoined the user's remembered rooms, this one among them.
            restored.pending.put(from, join);
            return;
        }
        state = new RoomState(room, roomJid, nick, Phase.JOINING);
        state.pending.put(from, join);
        rooms.put(roomJid.toBareJID(), state);
        Optional<Secret> password = Optional.ofNullable(x.elementText("password")).filter(p -> !p.isEmpty())
                .map(Secret::of);
        try {
            session.joinRoom(new RoomJoin(room, nick, password));
        } catch (LegacyException e) {
            joinRefused(state, presence, LegacyErrors.of(e));
            return;
        } catch (RuntimeException e) {
            LOG.error("the bridge failed to join a room", e);
            joinRefused(state, presence, StanzaError.of(Condition.internal_server_error));
            return;
        }
        RoomState joining = state;
        host.schedule(joinTimeout, () -> joinDeadline(joining));
    }

    /**
     * The join's deadline passed: if the bridge has still not answered (neither {@code roomJoined} nor
     * {@code roomJoinFailed}), every resource waiting for it gets the error presence of XEP-0045 section 7.2 with
     * {@code remote-server-timeout} (RFC 6120 section 8.3.3.15: a remote service did not answer in time) rather
     * than waiting forever. The room state stays, so a late {@code roomJoined} still puts those resources in (and
     * a late failure is dropped quietly); it goes when the user leaves or goes offline.
     */
    private void joinDeadline(RoomState state) {
        if (rooms.get(state.jid.toBareJID()) != state || state.phase != Phase.JOINING || state.pending.isEmpty()) {
            return;
        }
        LOG.info("a room join got no answer from the network in {} s", joinTimeout.toSeconds());
        StanzaError error = joinError(RoomJoinFailure.TIMED_OUT, "the network did not answer the join in time");
        for (Map.Entry<JID, PendingJoin> e : state.pending.entrySet()) {
            outbox.sendError(MucStanzas.presenceError(occupantJid(state.jid, e.getValue().nick()), e.getKey(),
                    e.getValue().id(), error, state.jid));
        }
        state.timedOut.putAll(state.pending);
        state.pending.clear();
    }

    private void joinRefused(RoomState state, Presence presence, StanzaError error) {
        state.pending.remove(presence.getFrom());
        if (!state.hasResources()) {
            rooms.remove(state.jid.toBareJID(), state);
        }
        refuse(presence, error);
        host.roomsChanged();
    }

    /** Section 7.6: a presence with another nick from a joined resource. */
    private void changeNick(RoomState state, Presence presence, String nick) {
        if (state.phase != Phase.JOINED) {
            refuse(presence, new StanzaError(Condition.not_acceptable, Type.cancel,
                    "the room is not joined yet; try again once you are in"));
            return;
        }
        if (state.occupants.containsKey(nick)) {
            // Section 7.6.? "conflict": someone else has that nick in the room.
            refuse(presence, new StanzaError(Condition.conflict, Type.cancel, "that nick is taken in this room"));
            return;
        }
        Optional<LegacySession> session = host.session();
        if (session.isEmpty()) {
            refuse(presence, new StanzaError(Condition.remote_server_not_found, Type.cancel, "not connected"));
            return;
        }
        try {
            state.requestedNick = Optional.of(nick);
            session.get().changeRoomNick(state.address, nick);
        } catch (LegacyException e) {
            state.requestedNick = Optional.empty();
            refuse(presence, LegacyErrors.of(e));
        } catch (RuntimeException e) {
            state.requestedNick = Optional.empty();
            LOG.error("the bridge failed to change a nick", e);
            refuse(presence, StanzaError.of(Condition.internal_server_error));
        }
    }

    /** Section 7.7: the user's status in the room changed; the room shows it to the user's resources. */
    private void presenceUpdate(RoomState state, Presence presence) {
        Occupant self = self(state);
        for (JID resource : state.joined.keySet()) {
            outbox.send(MucStanzas.presence(occupantJid(state.jid, state.nick), resource, true,
                    item(self, Optional.of(resource), selfCodes()), presence.getShow(),
                    presence.getStatus() == null ? "" : presence.getStatus()));
        }
    }

    private void onUnavailable(Presence presence) {
        JID from = presence.getFrom();
        RoomState state = rooms.get(presence.getTo().toBareJID());
        if (state == null) {
            return;
        }
        boolean wasIn = state.joined.remove(from) != null | state.pending.remove(from) != null
                | state.timedOut.remove(from) != null;
        if (!wasIn) {
            return;
        }
        // Section 7.14: the leaving occupant gets its own unavailable presence with 110.
        Occupant self = self(state);
        outbox.send(MucStanzas.presence(occupantJid(state.jid, state.nick), from, false,
                new MucStanzas.Item("none", MucStanzas.affiliation(self.affiliation()), Optional.of(from),
                        Optional.empty(), Optional.empty(), "", List.of(StatusCode.SELF)),
                null, presence.getStatus() == null ? "" : presence.getStatus()));
        if (!state.hasResources()) {
            if (host.keepsRoomWhenLeft(from)) {
                // Always-on: the resource went offline, the user did not leave. The legacy side stays in the room
                // (no PART) and keeps its history; the next join is answered from this state.
                LOG.debug("last resource left a room of a kept-open session; the legacy side stays");
                return;
            }
            rooms.remove(state.jid.toBareJID(), state);
            host.roomForgotten(state.jid);
            host.session().ifPresent(session -> {
                try {
                    session.leaveRoom(state.address, presence.getStatus() == null ? "" : presence.getStatus());
                } catch (LegacyException | RuntimeException e) {
                    LOG.info("leaving a room failed: {}", e.getMessage());
                }
            });
            host.roomsChanged();
        }
    }

    /** Every resource of the user went offline (an unavailable presence from the bare JID). */
    public void allResourcesGone() {
        allResourcesGone(false);
    }

    /**
     * Every resource of the user went offline. With {@code keepLegacySide} (a kept-open session) the rooms stay
     * joined on the legacy side and only the XMPP side is emptied; otherwise the rooms resources were in are left.
     */
    public void allResourcesGone(boolean keepLegacySide) {
        for (RoomState state : List.copyOf(rooms.values())) {
            if (!state.hasResources()) {
                // A room the bridge joined by itself (always-on) stays.
                continue;
            }
            state.joined.clear();
            state.pending.clear();
            state.timedOut.clear();
            if (keepLegacySide) {
                continue;
            }
            rooms.remove(state.jid.toBareJID());
            host.session().ifPresent(session -> {
                try {
                    session.leaveRoom(state.address, "");
                } catch (LegacyException | RuntimeException e) {
                    LOG.info("leaving a room failed: {}", e.getMessage());
                }
            });
        }
    }

    /**
     * Rejoin a room remembered for a kept-open session (after a gateway restart or a new log-in), with no resource
     * in it: the legacy side joins, and the user's resources are answered from the state when they come. Nothing
     * happens for a room the user is in or joining already.
     *
     * @param roomNode the room's JID local part, as remembered
     * @return false when the room cannot be rejoined for good (the address is no longer valid on this gateway)
     */
    public boolean rejoin(String roomNode, String nick, LegacySession session) {
        LegacyAddress room;
        JID roomJid;
        try {
            room = codec.decode(roomNode);
            roomJid = room.isRoom() ? contacts.toJid(room) : null;
        } catch (InvalidAddressException | IllegalArgumentException e) {
            LOG.info("a remembered room is no longer valid: {}", e.getMessage());
            return false;
        }
        if (roomJid == null) {
            return false;
        }
        if (rooms.containsKey(roomJid.toBareJID())) {
            return true;
        }
        RoomState state = new RoomState(room, roomJid, nick, Phase.JOINING);
        rooms.put(roomJid.toBareJID(), state);
        try {
            session.joinRoom(new RoomJoin(room, nick, Optional.empty()));
            return true;
        } catch (LegacyException e) {
            LOG.info("rejoining a remembered room failed: {}", e.getMessage());
            rooms.remove(roomJid.toBareJID(), state);
            return !(e instanceof InvalidAddressException);
        } catch (RuntimeException e) {
            LOG.error("the bridge failed to rejoin a room", e);
            rooms.remove(roomJid.toBareJID(), state);
            return true;
        }
    }

    /** The rooms the user is in on the legacy side now (joined), with their nick, by room JID. */
    public Map<JID, String> joinedRooms() {
        Map<JID, String> joined = new java.util.LinkedHashMap<>();
        for (RoomState state : rooms.values()) {
            if (state.phase == Phase.JOINED) {
                joined.put(state.jid, state.nick);
            }
        }
        return joined;
    }

    /**
     * Leave, on the legacy side, every room no resource of the user is in (the session is no longer kept open).
     */
    public void leaveUnattended() {
        for (RoomState state : List.copyOf(rooms.values())) {
            if (state.hasResources()) {
                continue;
            }
            rooms.remove(state.jid.toBareJID(), state);
            host.session().ifPresent(session -> {
                try {
                    session.leaveRoom(state.address, "");
                } catch (LegacyException | RuntimeException e) {
                    LOG.info("leaving a room failed: {}", e.getMessage());
                }
            });
        }
    }

    /** A message from one of the user's resources to a room or occupant JID. */
    public void onMessage(Message message, LegacyAddress room) {
        JID from = message.getFrom();
        JID to = message.getTo();
        RoomState state = rooms.get(to.toBareJID());
        boolean occupant = state != null && state.phase == Phase.JOINED && state.joined.containsKey(from);
        Element userX = message.getChildElement("x", MucNamespaces.MUC_USER);
        String nick = to.getResource();
        try {
            if (nick == null) {
                if (userX != null && userX.element("invite") != null) {
                    invite(message, room, userX, occupant);
                } else if (message.getType() == Message.Type.groupchat) {
                    groupchat(message, state, occupant);
                } else if (message.getBody() != null) {
                    throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                            "send messages to the room as type groupchat"));
                }
            } else {
                privateMessage(message, room, state, nick, occupant);
            }
        } catch (StanzaErrorException e) {
            refuse(message, e.error());
        } catch (LegacyException e) {
            refuse(message, LegacyErrors.of(e));
        } catch (RuntimeException e) {
            LOG.error("the bridge failed on a room message", e);
            refuse(message, StanzaError.of(Condition.internal_server_error));
        }
    }

    private void groupchat(Message message, RoomState state, boolean occupant)
            throws StanzaErrorException, LegacyException {
        if (!occupant) {
            // Section 7.4: the service does not route groupchat messages from non-occupants.
            throw new StanzaErrorException(new StanzaError(Condition.not_acceptable, Type.cancel,
                    "you are not in this room"));
        }
        LegacySession session = requireSession();
        String body = message.getBody();
        String subject = message.getSubject();
        if (subject != null && body == null) {
            // Section 8.1: a message with a subject and no body changes the subject.
            session.setRoomSubject(state.address, subject);
            return;
        }
        if (body == null) {
            return;
        }
        String id = message.getID() == null || message.getID().isEmpty() ? StanzaIds.next() : message.getID();
        session.sendRoomMessage(new OutgoingMessage(id, state.address, body, false));
        counters.messageToLegacy();
    }

    private void privateMessage(Message message, LegacyAddress room, RoomState state, String nick,
            boolean occupant) throws StanzaErrorException, LegacyException {
        if (message.getType() == Message.Type.groupchat) {
            // Section 7.5: groupchat messages go to the room, never to one occupant.
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "a groupchat message goes to the room's bare address"));
        }
        if (!occupant) {
            // Section 7.5: only occupants send private messages.
            throw new StanzaErrorException(new StanzaError(Condition.not_acceptable, Type.cancel,
                    "you are not in this room"));
        }
        if (message.getBody() == null) {
            return;
        }
        LegacyAddress contact = codec.occupantContact(room, nick).orElseThrow(() -> new StanzaErrorException(
                StanzaError.of(Condition.feature_not_implemented, "private messages are not possible here")));
        String id = message.getID() == null ? "" : message.getID();
        boolean receipt = message.getChildElement("request", "urn:xmpp:receipts") != null;
        requireSession().sendMessage(new OutgoingMessage(id, contact, message.getBody(), receipt));
        counters.messageToLegacy();
    }

    /** Section 7.8.2: mediated invitations; each invitee is a contact JID on this gateway. */
    private void invite(Message message, LegacyAddress room, Element userX, boolean occupant)
            throws StanzaErrorException, LegacyException {
        if (!occupant) {
            throw new StanzaErrorException(new StanzaError(Condition.not_acceptable, Type.cancel,
                    "enter the room before inviting others"));
        }
        List<LegacyAddress> invitees = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Element invite : userX.elements("invite")) {
            invitees.add(invitee(invite.attributeValue("to")));
            String reason = invite.elementText("reason");
            reasons.add(reason == null ? "" : reason);
        }
        LegacySession session = requireSession();
        for (int i = 0; i < invitees.size(); i++) {
            session.invite(room, invitees.get(i), reasons.get(i));
        }
    }

    private LegacyAddress invitee(String to) throws StanzaErrorException {
        JID jid;
        try {
            jid = to == null ? null : new JID(to);
        } catch (IllegalArgumentException e) {
            jid = null;
        }
        if (jid == null || jid.getNode() == null || !domain.equals(jid.getDomain())) {
            throw new StanzaErrorException(new StanzaError(Condition.jid_malformed, Type.modify,
                    "invite a contact of this gateway (name@" + domain + ")"));
        }
        try {
            LegacyAddress address = codec.decode(jid.getNode());
            if (address.isRoom()) {
                throw new InvalidAddressException("a room cannot be invited");
            }
            return address;
        } catch (InvalidAddressException e) {
            throw new StanzaErrorException(LegacyErrors.of(e));
        }
    }

    // ---------------------------------------------------------------- IQs

    /**
     * XEP-0410 section 3.2 (self-ping) and XEP-0199 on occupant JIDs: a joined resource's ping to its own
     * occupant JID is answered with a result; a resource that is not in the room gets {@code not-acceptable},
     * which tells the client to join again. A joined resource's ping to another occupant is answered by the
     * gateway on the legacy occupant's behalf, and {@code item-not-found} when there is no such nick (for
     * example after a rename, XEP-0410 section 3.2). A ping to the room itself is a result.
     */
    public IQ ping(IQ request) throws StanzaErrorException {
        String nick = request.getTo().getResource();
        if (nick == null) {
            return IQ.createResultIQ(request);
        }
        RoomState state = rooms.get(request.getTo().toBareJID());
        if (state == null || state.phase != Phase.JOINED || !state.joined.containsKey(request.getFrom())) {
            throw new StanzaErrorException(new StanzaError(Condition.not_acceptable, Type.cancel,
                    "you are not in this room"));
        }
        if (nick.equals(state.nick) || state.occupants.containsKey(nick)) {
            return IQ.createResultIQ(request);
        }
        throw new StanzaErrorException(StanzaError.of(Condition.item_not_found, "no occupant has that nick"));
    }

    /**
     * Sections 8.2-8.6 and 9.1-9.7: an admin {@code set} with one or more items, each naming an occupant (by
     * {@code nick}, or by the {@code jid} the room shows for it) and either a role or an affiliation. The legacy
     * network checks the user's rights; its refusal comes back as the mapped error.
     */
    public IQ admin(IQ request, LegacyAddress room) throws StanzaErrorException, LegacyException {
        RoomState state = rooms.get(request.getTo().toBareJID());
        if (request.getTo().getResource() != null) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "send admin requests to the room"));
        }
        if (state == null || state.phase != Phase.JOINED || !state.joined.containsKey(request.getFrom())) {
            throw new StanzaErrorException(new StanzaError(Condition.not_acceptable, Type.cancel,
                    "you are not in this room"));
        }
        List<Moderation> actions = new ArrayList<>();
        for (Element item : request.getChildElement().elements("item")) {
            actions.add(moderation(state, item));
        }
        if (actions.isEmpty()) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "an admin request needs an item"));
        }
        LegacySession session = requireSession();
        for (Moderation action : actions) {
            session.moderate(room, action);
        }
        return IQ.createResultIQ(request);
    }

    private Moderation moderation(RoomState state, Element item) throws StanzaErrorException {
        String nick = item.attributeValue("nick");
        if (nick == null) {
            nick = nickOf(state, item.attributeValue("jid"));
        }
        String role = item.attributeValue("role");
        String affiliation = item.attributeValue("affiliation");
        String reason = Optional.ofNullable(item.elementText("reason")).orElse("");
        if (role != null && affiliation != null || role == null && affiliation == null) {
            // Section 9 (business rules): an item changes either the role or the affiliation.
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "an item sets either a role or an affiliation"));
        }
        if (role != null) {
            return switch (role) {
                case "none" -> new Moderation.Kick(nick, reason);
                case "visitor" -> new Moderation.SetRole(nick, Role.VISITOR);
                case "participant" -> new Moderation.SetRole(nick, Role.PARTICIPANT);
                case "moderator" -> new Moderation.SetRole(nick, Role.MODERATOR);
                default -> throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "unknown role"));
            };
        }
        return switch (affiliation) {
            case "outcast" -> new Moderation.Ban(nick, reason);
            case "none" -> new Moderation.SetAffiliation(nick, Affiliation.NONE);
            case "member" -> new Moderation.SetAffiliation(nick, Affiliation.MEMBER);
            case "admin" -> new Moderation.SetAffiliation(nick, Affiliation.ADMIN);
            case "owner" -> new Moderation.SetAffiliation(nick, Affiliation.OWNER);
            default -> throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "unknown affiliation"));
        };
    }

    private String nickOf(RoomState state, String jid) throws StanzaErrorException {
        if (jid != null) {
            for (Occupant occupant : state.occupants.values()) {
                Optional<JID> shown = contactJid(occupant);
                if (shown.isPresent() && shown.get().toBareJID().equals(new JID(jid).toBareJID())) {
                    return occupant.nick();
                }
            }
        }
        throw new StanzaErrorException(StanzaError.of(Condition.item_not_found, "no occupant has that address"));
    }

    /**
     * XEP-0045 section 6.3 with XEP-0059 paging: the rooms of a legacy service ({@code disco#items} on its JID).
     * The user must be logged in: listing is a question to the network.
     */
    public IQ listRooms(IQ request, LegacyAddress service) throws StanzaErrorException, LegacyException {
        LegacySession session = host.session().orElseThrow(() -> new NotConnectedException(
                "You are not logged in to the gateway: send it your presence first."));
        PageRequest page = RoomPaging.request(request.getChildElement(), DEFAULT_PAGE, domain);
        Page<RoomListing> listing = session.listRooms(service, page);
        List<JID> jids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RoomListing entry : listing.items()) {
            try {
                jids.add(contacts.toJid(entry.room()));
                names.add(XmlChars.strip(entry.room().display()));
            } catch (IllegalArgumentException e) {
                LOG.warn("room listing entry dropped: {}", e.getMessage());
            }
        }
        IQ result = IQ.createResultIQ(request);
        result.setChildElement(RoomPaging.items(request.getChildElement().attributeValue("node"), jids, names,
                listing.firstIndex(), listing.total()));
        return result;
    }

    // ---------------------------------------------------------------- from the bridge

    /** Sink fact: the user is in the room (section 7.2.3), also after a rejoin. */
    public void roomJoined(RoomSnapshot snapshot) {
        JID roomJid = roomJid(snapshot.room());
        if (roomJid == null) {
            return;
        }
        RoomState state = rooms.computeIfAbsent(roomJid.toBareJID(),
                k -> new RoomState(snapshot.room(), roomJid, snapshot.nick(), Phase.JOINED));
        state.phase = Phase.JOINED;
        state.nick = snapshot.nick();
        state.requestedNick = Optional.empty();
        state.subject = snapshot.subject();
        state.occupants.clear();
        for (Occupant occupant : snapshot.occupants()) {
            state.occupants.put(occupant.nick(), occupant);
        }
        // Resources whose join timed out are put in too: the network let the user in after all.
        Map<JID, PendingJoin> waiting = new java.util.LinkedHashMap<>(state.timedOut);
        waiting.putAll(state.pending);
        state.timedOut.clear();
        state.pending.clear();
        host.roomEntered(state.jid, state.nick, !waiting.isEmpty());
        for (Map.Entry<JID, PendingJoin> e : waiting.entrySet()) {
            state.joined.put(e.getKey(), e.getValue().history());
            sendJoin(state, e.getKey(), e.getValue().history(),
                    snapshot.nickChangedByNetwork() || !e.getValue().nick().equals(state.nick));
        }
    }

    /** Sink fact: the network refused a join, or a nick change (section 7.6) when the room is joined. */
    public void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        JID roomJid = roomJid(room);
        RoomState state = roomJid == null ? null : rooms.get(roomJid.toBareJID());
        if (state == null) {
            LOG.debug("join failure for a room the user is not joining dropped");
            return;
        }
        StanzaError error = joinError(failure, text);
        if (state.phase == Phase.JOINED && state.requestedNick.equals(Optional.of(nick))) {
            state.requestedNick = Optional.empty();
            for (JID resource : state.joined.keySet()) {
                outbox.sendError(MucStanzas.presenceError(occupantJid(roomJid, nick), resource, null, error,
                        roomJid));
            }
            return;
        }
        for (Map.Entry<JID, PendingJoin> e : state.pending.entrySet()) {
            outbox.sendError(MucStanzas.presenceError(occupantJid(roomJid, e.getValue().nick()), e.getKey(),
                    e.getValue().id(), error, roomJid));
        }
        state.pending.clear();
        // resources whose join timed out were told already
        state.timedOut.clear();
        if (state.phase != Phase.JOINED) {
            rooms.remove(roomJid.toBareJID(), state);
            if (failure != RoomJoinFailure.NOT_CONNECTED && failure != RoomJoinFailure.FULL) {
                // A refusal that a later attempt would meet again: a restart does not retry it.
                host.roomForgotten(roomJid);
            }
            host.roomsChanged();
        }
    }

    /**
     * Sink fact: the network sent the join elsewhere (IRC 470, a channel forward). Every resource waiting for the
     * join gets the section 7.2 error presence with the {@code redirect} condition (RFC 6120 section 8.3.3.14,
     * type {@code modify}) whose element holds the {@code xmpp:} URI of the room {@code to} (RFC 5122), and
     * {@code text}; the room is forgotten as a refused join is. A redirect for a room already joined (not a join)
     * is reported as a refusal.
     */
    public void roomRedirected(LegacyAddress room, String nick, LegacyAddress to, String text) {
        JID roomJid = roomJid(room);
        JID target = roomJid(to);
        RoomState state = roomJid == null ? null : rooms.get(roomJid.toBareJID());
        if (state == null || target == null || state.phase == Phase.JOINED) {
            roomJoinFailed(room, nick, RoomJoinFailure.NOT_ACCEPTABLE, text);
            return;
        }
        StanzaError error = new StanzaError(Condition.redirect, Type.modify, text == null ? "" : XmlChars.strip(text));
        String uri = xmppUri(target);
        for (Map.Entry<JID, PendingJoin> e : state.pending.entrySet()) {
            Presence refusal = MucStanzas.presenceError(occupantJid(roomJid, e.getValue().nick()), e.getKey(),
                    e.getValue().id(), error, roomJid);
            Element condition = refusal.getElement().element("error").element("redirect");
            if (condition != null) {
                condition.setText(uri);
            }
            outbox.sendError(refusal);
        }
        state.pending.clear();
        state.timedOut.clear();
        rooms.remove(roomJid.toBareJID(), state);
        host.roomForgotten(roomJid);
        host.roomsChanged();
    }

    /**
     * {@code xmpp:node@domain} for a bare JID (RFC 5122 section 2.2): the node's characters other than unreserved
     * ones and {@code nodeallow} are percent-encoded as UTF-8 (an IRC room's {@code #} and {@code %} among them).
     */
    static String xmppUri(JID jid) {
        StringBuilder out = new StringBuilder("xmpp:");
        if (jid.getNode() != null) {
            for (byte b : jid.getNode().getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xFF);
                boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "-._~!$()*+,;=".indexOf(c) >= 0;
                if (plain) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xFF));
                }
            }
            out.append('@');
        }
        return out.append(jid.getDomain()).toString();
    }

    /** Sink fact: someone entered (section 7.2.3, the presence other occupants get). */
    public void occupantJoined(LegacyAddress room, Occupant occupant) {
        occupantChanged(room, occupant);
    }

    /** Sink fact: an occupant's role, affiliation or away state changed (sections 8 and 9). */
    public void occupantChanged(LegacyAddress room, Occupant occupant) {
        RoomState state = joinedRoom(room);
        if (state == null) {
            return;
        }
        state.occupants.put(occupant.nick(), occupant);
        boolean self = occupant.nick().equals(state.nick);
        for (JID resource : state.joined.keySet()) {
            outbox.sendWithBackpressure(MucStanzas.presence(occupantJid(state.jid, occupant.nick()), resource,
                    true, self ? item(occupant, Optional.of(resource), selfCodes())
                            : item(occupant, contactJid(occupant), List.of()),
                    occupant.away() ? Presence.Show.away : null, occupant.status()));
        }
    }

    /** Sink fact: a nick change (section 7.6): unavailable with 303 and the new nick, then available. */
    public void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        RoomState state = joinedRoom(room);
        if (state == null) {
            return;
        }
        boolean self = oldNick.equals(state.nick);
        Occupant before = state.occupants.remove(oldNick);
        if (before == null) {
            before = self ? self(state) : Occupant.participant(oldNick);
        }
        Occupant after = before.withNick(newNick);
        state.occupants.put(newNick, after);
        boolean assigned = false;
        if (self) {
            assigned = state.requestedNick.map(requested -> !requested.equals(newNick)).orElse(true);
            state.nick = newNick;
            state.requestedNick = Optional.empty();
            host.roomEntered(state.jid, newNick, false);
        }
        for (JID resource : state.joined.keySet()) {
            Optional<JID> jid = self ? Optional.of(resource) : contactJid(after);
            List<StatusCode> outCodes = self ? List.of(StatusCode.SELF, StatusCode.NEW_NICK)
                    : List.of(StatusCode.NEW_NICK);
            outbox.sendWithBackpressure(MucStanzas.presence(occupantJid(state.jid, oldNick), resource, false,
                    new MucStanzas.Item(MucStanzas.role(before.role()), MucStanzas.affiliation(before.affiliation()),
                            jid, Optional.of(newNick), Optional.empty(), "", outCodes), null, ""));
            List<StatusCode> inCodes = !self ? List.of()
                    : assigned ? List.of(StatusCode.SELF, StatusCode.NICK_ASSIGNED) : List.of(StatusCode.SELF);
            outbox.sendWithBackpressure(MucStanzas.presence(occupantJid(state.jid, newNick), resource, true,
                    item(after, jid, inCodes), after.away() ? Presence.Show.away : null, after.status()));
        }
    }

    /**
     * Sink fact: an occupant left (section 7.14), was kicked (8.2, 307), banned (9.1, 301) or lost their
     * connection (333). When it is the user: every resource is told, with 110; after a lost connection the room
     * waits for the bridge's rejoin, which sends the whole join again.
     */
    public void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        RoomState state = joinedRoom(room);
        if (state == null) {
            return;
        }
        boolean self = nick.equals(state.nick);
        Occupant gone = state.occupants.remove(nick);
        if (gone == null) {
            gone = Occupant.participant(nick);
        }
        List<StatusCode> codes = new ArrayList<>();
        if (self) {
            codes.add(StatusCode.SELF);
        }
        switch (departure.kind()) {
            case KICKED -> codes.add(StatusCode.KICKED);
            case BANNED -> codes.add(StatusCode.BANNED);
            case DISCONNECTED -> codes.add(StatusCode.TECHNICAL_REMOVAL);
            case LEFT -> {
                // Section 7.14: a plain exit has no status code; the part message is the presence status.
            }
        }
        String affiliation = departure.kind() == Departure.Kind.BANNED ? "outcast"
                : MucStanzas.affiliation(gone.affiliation());
        boolean left = departure.kind() == Departure.Kind.LEFT;
        for (JID resource : state.joined.keySet()) {
            Optional<JID> jid = self ? Optional.of(resource) : contactJid(gone);
            outbox.sendWithBackpressure(MucStanzas.presence(occupantJid(state.jid, nick), resource, false,
                    new MucStanzas.Item("none", affiliation, jid, Optional.empty(), departure.actor(),
                            left ? "" : departure.reason(), codes), null, left ? departure.reason() : ""));
        }
        if (!self) {
            return;
        }
        if (departure.kind() == Departure.Kind.DISCONNECTED) {
            // The bridge rejoins after its reconnect and reports roomJoined again: the resources get the whole
            // join then, with the history said since now (none they already have).
            state.phase = Phase.REJOINING;
            state.occupants.clear();
            HistoryLimit sinceNow = new HistoryLimit(OptionalInt.empty(), OptionalInt.empty(),
                    Optional.of(Instant.now()), HISTORY_CAP);
            for (JID resource : state.joined.keySet()) {
                state.pending.putIfAbsent(resource, new PendingJoin(null, state.nick, sinceNow));
            }
            state.joined.clear();
            return;
        }
        rooms.remove(state.jid.toBareJID(), state);
        host.roomForgotten(state.jid);
        host.roomsChanged();
    }

    /** Sink fact: something was said (section 7.4); remembered for the history of later joins. */
    public void roomMessageReceived(RoomMessage message) {
        RoomState state = joinedRoom(message.room());
        if (state == null) {
            return;
        }
        String id = message.reflectionOf().filter(s -> !s.isEmpty()).orElseGet(StanzaIds::next);
        String body = XmlChars.strip(message.body());
        JID from = occupantJid(state.jid, message.nick());
        if (from == null) {
            return;
        }
        // XEP-0313 section 5: the archive id is the stanza id the live message carries: the network's msgid, or
        // a fresh one when the room keeps an archive.
        Optional<String> archiveId = message.legacyId().map(XmlChars::strip).filter(s -> !s.isEmpty())
                .or(() -> history.archives() ? Optional.of(ArchiveIds.fresh()) : Optional.empty());
        for (JID resource : state.joined.keySet()) {
            Message m = MucStanzas.groupchat(from, resource, id, body);
            message.sentAt().ifPresent(at -> MucStanzas.delay(m, state.jid, at));
            archiveId.ifPresent(stanzaId -> MucStanzas.stanzaId(m, state.jid, stanzaId));
            outbox.sendWithBackpressure(m);
        }
        counters.messageToXmpp();
        history.append(userKey, state.jid.toBareJID(), new HistoryEntry(message.nick(), body,
                message.sentAt().orElseGet(Instant::now), archiveId));
    }

    /** Sink fact: the subject changed (section 8.1). */
    public void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        RoomState state = joinedRoom(room);
        if (state == null) {
            return;
        }
        state.subject = subject;
        JID from = nick.isEmpty() ? state.jid : occupantJid(state.jid, nick);
        for (JID resource : state.joined.keySet()) {
            outbox.sendWithBackpressure(MucStanzas.subject(from == null ? state.jid : from, resource,
                    subject.text()));
        }
    }

    /** Sink fact: a legacy contact invites the user (section 7.8.2, the invitation the room sends). */
    public void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        JID roomJid = roomJid(room);
        JID inviter;
        try {
            inviter = contacts.toJid(from);
        } catch (IllegalArgumentException e) {
            LOG.warn("invitation dropped: {}", e.getMessage());
            return;
        }
        if (roomJid != null) {
            outbox.sendWithBackpressure(MucStanzas.invitation(roomJid, user, inviter, reason));
        }
    }

    /**
     * The bridge gave up on the connection ({@code ConnectionState.FAILED}): every resource in or waiting for a
     * room is told it is out (110, 333), and the session may close when the user is not online to the gateway.
     */
    public void connectionFailed(String reason) {
        if (rooms.isEmpty()) {
            return;
        }
        sessionEnded(false, reason);
        host.roomsChanged();
    }

    /**
     * The legacy session ended (log-out, shutdown, a failed connection): every resource in a room is told it is
     * out (332 on shutdown, 333 otherwise) and the room state is dropped.
     */
    public void sessionEnded(boolean shutdown, String reason) {
        StatusCode code = shutdown ? StatusCode.SHUTDOWN : StatusCode.TECHNICAL_REMOVAL;
        for (RoomState state : rooms.values()) {
            List<JID> resources = new ArrayList<>(state.joined.keySet());
            resources.addAll(state.pending.keySet());
            for (JID resource : resources) {
                outbox.send(MucStanzas.presence(occupantJid(state.jid, state.nick), resource, false,
                        new MucStanzas.Item("none", "none", Optional.of(resource), Optional.empty(), Optional.empty(),
                                reason, List.of(StatusCode.SELF, code)), null, ""));
            }
        }
        rooms.clear();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Section 7.2.3: the other occupants first, then the self-presence (110, 100 because the room shows
     * addresses, 210 when the nick is not the one asked for), then the history (7.2.14) and last the subject
     * (7.2.15, always sent, empty when there is none).
     */
    private void sendJoin(RoomState state, JID to, HistoryLimit limit, boolean nickAssigned) {
        for (Occupant occupant : state.occupants.values()) {
            if (!occupant.nick().equals(state.nick)) {
                JID from = occupantJid(state.jid, occupant.nick());
                if (from != null) {
                    outbox.sendWithBackpressure(MucStanzas.presence(from, to, true,
                            item(occupant, contactJid(occupant), List.of()),
                            occupant.away() ? Presence.Show.away : null, occupant.status()));
                }
            }
        }
        Occupant self = self(state);
        List<StatusCode> codes = nickAssigned
                ? List.of(StatusCode.NON_ANONYMOUS, StatusCode.SELF, StatusCode.NICK_ASSIGNED)
                : List.of(StatusCode.NON_ANONYMOUS, StatusCode.SELF);
        outbox.sendWithBackpressure(MucStanzas.presence(occupantJid(state.jid, state.nick), to, true,
                item(self, Optional.of(to), codes), self.away() ? Presence.Show.away : null, self.status()));
        for (HistoryEntry entry : history.recent(userKey, state.jid.toBareJID(), limit)) {
            JID from = occupantJid(state.jid, entry.nick());
            outbox.sendWithBackpressure(MucStanzas.history(state.jid, from == null ? state.jid : from, to, entry));
        }
        JID subjectFrom = state.subject.setBy().map(nick -> occupantJid(state.jid, nick)).orElse(state.jid);
        outbox.sendWithBackpressure(MucStanzas.subject(subjectFrom == null ? state.jid : subjectFrom, to,
                state.subject.text()));
    }

    private static List<StatusCode> selfCodes() {
        return List.of(StatusCode.SELF);
    }

    private MucStanzas.Item item(Occupant occupant, Optional<JID> jid, List<StatusCode> codes) {
        return new MucStanzas.Item(MucStanzas.role(occupant.role()), MucStanzas.affiliation(occupant.affiliation()),
                jid, Optional.empty(), Optional.empty(), "", codes);
    }

    private Occupant self(RoomState state) {
        Occupant self = state.occupants.get(state.nick);
        return self != null ? self : Occupant.participant(state.nick);
    }

    private Optional<JID> contactJid(Occupant occupant) {
        if (occupant.contact().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(contacts.toJid(occupant.contact().get()));
        } catch (IllegalArgumentException e) {
            LOG.debug("occupant contact not shown: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private RoomState joinedRoom(LegacyAddress room) {
        JID roomJid = roomJid(room);
        RoomState state = roomJid == null ? null : rooms.get(roomJid.toBareJID());
        if (state == null) {
            // Typically the network confirming an exit the core already completed (section 7.14).
            LOG.debug("event for a room the user is not in ignored");
            return null;
        }
        if (state.phase != Phase.JOINED) {
            // Before the (re)join completes the bridge's snapshot is the truth; events until then are in it.
            LOG.debug("room event before the join completed ignored");
            return null;
        }
        return state;
    }

    private JID roomJid(LegacyAddress room) {
        try {
            return contacts.toJid(room);
        } catch (IllegalArgumentException e) {
            LOG.warn("room event dropped: {}", e.getMessage());
            counters.dropped();
            return null;
        }
    }

    /** {@code room/nick}, or null when the nick cannot be a JID resource (it is then not shown). */
    private static JID occupantJid(JID room, String nick) {
        try {
            return new JID(room.getNode(), room.getDomain(), XmlChars.strip(nick));
        } catch (IllegalArgumentException e) {
            LOG.warn("a nick that cannot be a JID resource was not shown");
            return null;
        }
    }

    private LegacySession requireSession() throws NotConnectedException {
        return host.session().orElseThrow(() -> new NotConnectedException("not connected to the network"));
    }

    private void refuse(Packet packet, StanzaError error) {
        if (!ErrorReplies.mayAnswer(packet)) {
            return;
        }
        Packet reply = ErrorReplies.replyTo(packet, error);
        Element e = reply.getElement().element("error");
        if (e != null) {
            e.addAttribute("by", packet.getTo().toBareJID());
        }
        outbox.sendError(reply);
    }

    /** The XEP-0045 section 7.2 error for a refused join. */
    static StanzaError joinError(RoomJoinFailure failure, String text) {
        String t = text == null ? "" : XmlChars.strip(text);
        return switch (failure) {
            case NICK_IN_USE -> new StanzaError(Condition.conflict, Type.cancel, t);
            case BANNED -> new StanzaError(Condition.forbidden, Type.auth, t);
            case INVITE_ONLY -> new StanzaError(Condition.registration_required, Type.auth, t);
            case FULL -> new StanzaError(Condition.service_unavailable, Type.wait, t);
            case BAD_PASSWORD -> new StanzaError(Condition.not_authorized, Type.auth, t);
            case NOT_FOUND -> new StanzaError(Condition.item_not_found, Type.cancel, t);
            case NOT_ACCEPTABLE -> new StanzaError(Condition.not_acceptable, Type.cancel, t);
            case NOT_CONNECTED -> new StanzaError(Condition.remote_server_not_found, Type.cancel, t);
            case TIMED_OUT -> new StanzaError(Condition.remote_server_timeout, Type.wait, t);
        };
    }

    @Override
    public String toString() {
        return "UserRooms[" + userKey + ", " + rooms.size() + " rooms]";
    }
}
