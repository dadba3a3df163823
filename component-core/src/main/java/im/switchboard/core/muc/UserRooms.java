package im.switchboard.core.muc;

import im.switchboard.config.Secret;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.session.ContactJids;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.stanza.XmlChars;
import im.switchboard.core.stats.Counters;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;
import org.xmpp.packet.Presence;

/**
 * One user's rooms (XEP-0045, see the package documentation): the entry point the user's session calls, laid out
 * by direction. What the user's resources send goes to {@link UserRoomPresence}, {@link UserRoomMessages} and
 * {@link UserRoomIqs}; what the bridge reports goes to {@link NetworkRoomFacts}; the rooms of a kept-open session
 * are {@link KeptOpenRooms}. The room state they share is one {@link RoomDirectory}. Confined to the user's actor;
 * not thread-safe.
 */
public final class UserRooms {

    /** The most history entries replayed on a join, whatever the client asks (section 7.2.14). */
    public static final int HISTORY_CAP = 1000;
    /** The page size of a room listing when the client sets none (XEP-0059 section 2.1 lets the service choose). */
    public static final int DEFAULT_PAGE = 100;

    private final RoomDirectory rooms;
    private final UserRoomPresence presence;
    private final UserRoomMessages messages;
    private final UserRoomIqs iqs;
    private final NetworkRoomFacts facts;
    private final KeptOpenRooms keptOpen;

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
        this.rooms = new RoomDirectory(user, contacts, codec, outbox, history, counters, host, joinTimeout);
        RoomPresences presences = new RoomPresences(rooms);
        this.presence = new UserRoomPresence(rooms, presences);
        this.messages = new UserRoomMessages(rooms);
        this.iqs = new UserRoomIqs(rooms);
        this.facts = new NetworkRoomFacts(rooms, presences);
        this.keptOpen = new KeptOpenRooms(rooms);
    }

    /** Whether the user is in no room (and joins none). */
    public boolean isEmpty() {
        return rooms.isEmpty();
    }

    // ---------------------------------------------------------------- from the user

    /** Presence from one of the user's resources to a room or occupant JID. */
    public void onPresence(Presence presence, LegacyAddress room) {
        this.presence.onPresence(presence, room);
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
        presence.allResourcesGone(keepLegacySide);
    }

    /**
     * Rejoin a room remembered for a kept-open session (after a gateway restart or a new log-in), with no resource
     * in it: the legacy side joins, and the user's resources are answered from the state when they come. Nothing
     * happens for a room the user is in or joining already.
     *
     * @param roomNode the room's JID local part, as remembered
     * @param key      the room's remembered password (XEP-0045 section 7.2.6), if it has one
     * @return false when the room cannot be rejoined for good (the address is no longer valid on this gateway)
     */
    public boolean rejoin(String roomNode, String nick, Optional<Secret> key, LegacySession session) {
        return keptOpen.rejoin(roomNode, nick, key, session);
    }

    /** The rooms the user is in on the legacy side now (joined), with their nick, by room JID. */
    public Map<JID, String> joinedRooms() {
        return keptOpen.joinedRooms();
    }

    /**
     * Leave, on the legacy side, every room no resource of the user is in (the session is no longer kept open).
     */
    public void leaveUnattended() {
        keptOpen.leaveUnattended();
    }

    /** A message from one of the user's resources to a room or occupant JID. */
    public void onMessage(Message message, LegacyAddress room) {
        messages.onMessage(message, room);
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
        return iqs.ping(request);
    }

    /**
     * Sections 8.2-8.6 and 9.1-9.7: an admin {@code set} with one or more items, each naming an occupant (by
     * {@code nick}, or by the {@code jid} the room shows for it) and either a role or an affiliation. The legacy
     * network checks the user's rights; its refusal comes back as the mapped error.
     */
    public IQ admin(IQ request, LegacyAddress room) throws StanzaErrorException, LegacyException {
        return iqs.admin(request, room);
    }

    /**
     * An admin {@code get} (XEP-0045 sections 8.5, 9.2, 9.5, 9.8, 10.5, 10.8): the room's occupants with one role
     * or affiliation, or the network's ban list (see {@link RoomAdminLists}). Only occupants may ask.
     */
    public IQ adminList(IQ request) throws StanzaErrorException, LegacyException {
        return iqs.adminList(request);
    }

    /**
     * A {@code muc#owner} request (section 10.2): {@code get} answers the {@code muc#roomconfig} form with the
     * network's current settings, {@code set} with a submitted form changes what differs; the network decides
     * whether the user may ({@code forbidden} otherwise). Destroying (10.9) is {@code feature-not-implemented}.
     */
    public IQ owner(IQ request) throws StanzaErrorException, LegacyException {
        return iqs.owner(request);
    }

    /**
     * XEP-0045 section 6.3 with XEP-0059 paging: the rooms of a legacy service ({@code disco#items} on its JID).
     * The user must be logged in: listing is a question to the network.
     */
    public IQ listRooms(IQ request, LegacyAddress service) throws StanzaErrorException, LegacyException {
        return iqs.listRooms(request, service);
    }

    // ---------------------------------------------------------------- from the bridge

    /** Sink fact: the user is in the room (section 7.2.3), also after a rejoin. */
    public void roomJoined(RoomSnapshot snapshot) {
        facts.roomJoined(snapshot);
    }

    /** Sink fact: the network refused a join, or a nick change (section 7.6) when the room is joined. */
    public void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        facts.roomJoinFailed(room, nick, failure, text);
    }

    /**
     * Sink fact: the network sent the join elsewhere (IRC 470, a channel forward). Every resource waiting for the
     * join gets the section 7.2 error presence with the {@code redirect} condition (RFC 6120 section 8.3.3.14,
     * type {@code modify}) whose element holds the {@code xmpp:} URI of the room {@code to} (RFC 5122), and
     * {@code text}; the room is forgotten as a refused join is. A redirect for a room already joined (not a join)
     * is reported as a refusal.
     */
    public void roomRedirected(LegacyAddress room, String nick, LegacyAddress to, String text) {
        facts.roomRedirected(room, nick, to, text);
    }

    /** Sink fact: someone entered (section 7.2.3, the presence other occupants get). */
    public void occupantJoined(LegacyAddress room, Occupant occupant) {
        facts.occupantChanged(room, occupant);
    }

    /** Sink fact: an occupant's role, affiliation or away state changed (sections 8 and 9). */
    public void occupantChanged(LegacyAddress room, Occupant occupant) {
        facts.occupantChanged(room, occupant);
    }

    /** Sink fact: a nick change (section 7.6): unavailable with 303 and the new nick, then available. */
    public void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        facts.occupantRenamed(room, oldNick, newNick);
    }

    /**
     * Sink fact: an occupant left (section 7.14), was kicked (8.2, 307), banned (9.1, 301) or lost their
     * connection (333). When it is the user: every resource is told, with 110; after a lost connection the room
     * waits for the bridge's rejoin, which sends the whole join again.
     */
    public void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        facts.occupantLeft(room, nick, departure);
    }

    /** Sink fact: something was said (section 7.4); remembered for the history of later joins. */
    public void roomMessageReceived(RoomMessage message) {
        facts.roomMessageReceived(message);
    }

    /** Sink fact: the subject changed (section 8.1). */
    public void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        facts.subjectChanged(room, nick, subject);
    }

    /** Sink fact: a legacy contact invites the user (section 7.8.2, the invitation the room sends). */
    public void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        facts.invitationReceived(room, from, reason);
    }

    /**
     * The bridge gave up on the connection ({@code ConnectionState.FAILED}): every resource in or waiting for a
     * room is told it is out (110, 333), and the session may close when the user is not online to the gateway.
     */
    public void connectionFailed(String reason) {
        if (rooms.isEmpty()) {
            return;
        }
        facts.sessionEnded(false, reason);
        rooms.host.roomsChanged();
    }

    /**
     * The legacy session ended (log-out, shutdown, a failed connection): every resource in a room is told it is
     * out (332 on shutdown, 333 otherwise) and the room state is dropped.
     */
    public void sessionEnded(boolean shutdown, String reason) {
        facts.sessionEnded(shutdown, reason);
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
        return "UserRooms[" + rooms.userKey + ", " + rooms.size() + " rooms]";
    }
}
