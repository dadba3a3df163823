package im.switchboard.core.muc;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.history.ArchiveIds;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.muc.RoomState.PendingJoin;
import im.switchboard.core.muc.RoomState.Phase;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.stanza.StanzaIds;
import im.switchboard.core.stanza.XmlChars;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;
import org.xmpp.packet.Presence;

/**
 * Network to XMPP: the bridge's facts about rooms ({@link im.switchboard.core.spi.XmppSink}), applied to the core's
 * copy of each room and rendered to every resource of the user in it. Confined to the user's actor.
 */
final class NetworkRoomFacts {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkRoomFacts.class);

    private final RoomDirectory rooms;
    private final RoomPresences presences;

    NetworkRoomFacts(RoomDirectory rooms, RoomPresences presences) {
        this.rooms = rooms;
        this.presences = presences;
    }

    /** See {@link UserRooms#roomJoined}. */
    void roomJoined(RoomSnapshot snapshot) {
        JID roomJid = rooms.roomJid(snapshot.room());
        if (roomJid == null) {
            return;
        }
        RoomState state = rooms.getOrAdd(roomJid,
                () -> new RoomState(snapshot.room(), roomJid, snapshot.nick(), Phase.JOINED));
        state.phase = Phase.JOINED;
        state.nick = snapshot.nick();
        state.requestedNick = Optional.empty();
        state.subject = snapshot.subject();
        state.occupants.clear();
        for (Occupant occupant : snapshot.occupants()) {
            state.occupants.put(occupant.nick(), occupant);
        }
        // Resources whose join timed out are put in too: the network let the user in after all.
        Map<JID, PendingJoin> waiting = new LinkedHashMap<>(state.timedOut);
        waiting.putAll(state.pending);
        state.timedOut.clear();
        state.pending.clear();
        rooms.host.roomEntered(state.jid, state.nick, !waiting.isEmpty());
        for (Map.Entry<JID, PendingJoin> e : waiting.entrySet()) {
            state.joined.put(e.getKey(), e.getValue().history());
            presences.sendJoin(state, e.getKey(), e.getValue().history(),
                    snapshot.nickChangedByNetwork() || !e.getValue().nick().equals(state.nick));
        }
    }

    /** See {@link UserRooms#roomJoinFailed}. */
    void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        JID roomJid = rooms.roomJid(room);
        RoomState state = roomJid == null ? null : rooms.get(roomJid);
        if (state == null) {
            LOG.debug("join failure for a room the user is not joining dropped");
            return;
        }
        StanzaError error = UserRooms.joinError(failure, text);
        if (state.phase == Phase.JOINED && state.requestedNick.equals(Optional.of(nick))) {
            state.requestedNick = Optional.empty();
            for (JID resource : state.joined.keySet()) {
                rooms.outbox.sendError(MucStanzas.presenceError(RoomDirectory.occupantJid(roomJid, nick), resource,
                        null, error, roomJid));
            }
            return;
        }
        for (Map.Entry<JID, PendingJoin> e : state.pending.entrySet()) {
            rooms.outbox.sendError(MucStanzas.presenceError(RoomDirectory.occupantJid(roomJid, e.getValue().nick()),
                    e.getKey(), e.getValue().id(), error, roomJid));
        }
        state.pending.clear();
        // resources whose join timed out were told already
        state.timedOut.clear();
        if (state.phase != Phase.JOINED) {
            rooms.remove(state);
            if (failure != RoomJoinFailure.NOT_CONNECTED && failure != RoomJoinFailure.FULL) {
                // A refusal that a later attempt would meet again: a restart does not retry it.
                rooms.host.roomForgotten(roomJid);
            }
            rooms.host.roomsChanged();
        }
    }

    /** See {@link UserRooms#roomRedirected}. */
    void roomRedirected(LegacyAddress room, String nick, LegacyAddress to, String text) {
        JID roomJid = rooms.roomJid(room);
        JID target = rooms.roomJid(to);
        RoomState state = roomJid == null ? null : rooms.get(roomJid);
        if (state == null || target == null || state.phase == Phase.JOINED) {
            roomJoinFailed(room, nick, RoomJoinFailure.NOT_ACCEPTABLE, text);
            return;
        }
        StanzaError error = new StanzaError(Condition.redirect, Type.modify, text == null ? "" : XmlChars.strip(text));
        String uri = xmppUri(target);
        for (Map.Entry<JID, PendingJoin> e : state.pending.entrySet()) {
            Presence refusal = MucStanzas.presenceError(RoomDirectory.occupantJid(roomJid, e.getValue().nick()),
                    e.getKey(), e.getValue().id(), error, roomJid);
            Element condition = refusal.getElement().element("error").element("redirect");
            if (condition != null) {
                condition.setText(uri);
            }
            rooms.outbox.sendError(refusal);
        }
        state.pending.clear();
        state.timedOut.clear();
        rooms.remove(state);
        rooms.host.roomForgotten(roomJid);
        rooms.host.roomsChanged();
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

    /** See {@link UserRooms#occupantChanged}; also a join (the presence other occupants get, section 7.2.3). */
    void occupantChanged(LegacyAddress room, Occupant occupant) {
        RoomState state = rooms.joinedRoom(room);
        if (state == null) {
            return;
        }
        state.occupants.put(occupant.nick(), occupant);
        for (JID resource : state.joined.keySet()) {
            rooms.outbox.sendWithBackpressure(presences.occupant(state, occupant, resource));
        }
    }

    /** See {@link UserRooms#occupantRenamed}. */
    void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        RoomState state = rooms.joinedRoom(room);
        if (state == null) {
            return;
        }
        boolean self = oldNick.equals(state.nick);
        Occupant before = state.occupants.remove(oldNick);
        if (before == null) {
            before = self ? RoomDirectory.self(state) : Occupant.participant(oldNick);
        }
        Occupant after = before.withNick(newNick);
        state.occupants.put(newNick, after);
        boolean assigned = false;
        if (self) {
            assigned = state.requestedNick.map(requested -> !requested.equals(newNick)).orElse(true);
            state.nick = newNick;
            state.requestedNick = Optional.empty();
            rooms.host.roomEntered(state.jid, newNick, false);
        }
        List<StatusCode> outCodes = self ? List.of(StatusCode.SELF, StatusCode.NEW_NICK)
                : List.of(StatusCode.NEW_NICK);
        List<StatusCode> inCodes = !self ? List.of()
                : assigned ? List.of(StatusCode.SELF, StatusCode.NICK_ASSIGNED) : List.of(StatusCode.SELF);
        for (JID resource : state.joined.keySet()) {
            Optional<JID> jid = self ? Optional.of(resource) : rooms.contactJid(after);
            rooms.outbox.sendWithBackpressure(RoomPresences.gone(state, oldNick, resource,
                    new MucStanzas.Item(MucStanzas.role(before.role()), MucStanzas.affiliation(before.affiliation()),
                            jid, Optional.of(newNick), Optional.empty(), "", outCodes), ""));
            rooms.outbox.sendWithBackpressure(MucStanzas.presence(RoomDirectory.occupantJid(state.jid, newNick),
                    resource, true, RoomPresences.item(after, jid, inCodes),
                    after.away() ? Presence.Show.away : null, after.status()));
        }
    }

    /** See {@link UserRooms#occupantLeft}. */
    void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        RoomState state = rooms.joinedRoom(room);
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
            Optional<JID> jid = self ? Optional.of(resource) : rooms.contactJid(gone);
            rooms.outbox.sendWithBackpressure(RoomPresences.gone(state, nick, resource,
                    new MucStanzas.Item("none", affiliation, jid, Optional.empty(), departure.actor(),
                            left ? "" : departure.reason(), codes), left ? departure.reason() : ""));
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
                    Optional.of(Instant.now()), UserRooms.HISTORY_CAP);
            for (JID resource : state.joined.keySet()) {
                state.pending.putIfAbsent(resource, new PendingJoin(null, state.nick, sinceNow));
            }
            state.joined.clear();
            return;
        }
        rooms.remove(state);
        rooms.host.roomForgotten(state.jid);
        rooms.host.roomsChanged();
    }

    /** See {@link UserRooms#roomMessageReceived}. */
    void roomMessageReceived(RoomMessage message) {
        RoomState state = rooms.joinedRoom(message.room());
        if (state == null) {
            return;
        }
        String id = message.reflectionOf().filter(s -> !s.isEmpty()).orElseGet(StanzaIds::next);
        String body = XmlChars.strip(message.body());
        JID from = RoomDirectory.occupantJid(state.jid, message.nick());
        if (from == null) {
            return;
        }
        // XEP-0313 section 5: the archive id is the stanza id the live message carries: the network's msgid, or
        // a fresh one when the room keeps an archive.
        Optional<String> archiveId = message.legacyId().map(XmlChars::strip).filter(s -> !s.isEmpty())
                .or(() -> rooms.history.archives() ? Optional.of(ArchiveIds.fresh()) : Optional.empty());
        String roomBareJid = state.bareJid;
        // Archived before it is delivered: a client that queries the archive (XEP-0313) as soon as the live message
        // arrives finds it there under the stanza-id it carries.
        rooms.history.append(rooms.userKey, roomBareJid, new HistoryEntry(message.nick(), body,
                message.sentAt().orElseGet(Instant::now), archiveId));
        for (JID resource : state.joined.keySet()) {
            Message m = MucStanzas.groupchat(from, resource, id, body);
            message.sentAt().ifPresent(at -> MucStanzas.delay(m, state.jid, at));
            archiveId.ifPresent(stanzaId -> MucStanzas.stanzaId(m, roomBareJid, stanzaId));
            rooms.outbox.sendWithBackpressure(m);
        }
        rooms.counters.messageToXmpp();
    }

    /** See {@link UserRooms#subjectChanged}. */
    void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        RoomState state = rooms.joinedRoom(room);
        if (state == null) {
            return;
        }
        state.subject = subject;
        JID from = nick.isEmpty() ? state.jid : RoomDirectory.occupantJid(state.jid, nick);
        for (JID resource : state.joined.keySet()) {
            rooms.outbox.sendWithBackpressure(MucStanzas.subject(from == null ? state.jid : from, resource,
                    subject.text()));
        }
    }

    /** See {@link UserRooms#invitationReceived}. */
    void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        JID roomJid = rooms.roomJid(room);
        JID inviter;
        try {
            inviter = rooms.contacts.toJid(from);
        } catch (IllegalArgumentException e) {
            LOG.warn("invitation dropped: {}", e.getMessage());
            return;
        }
        if (roomJid != null) {
            rooms.outbox.sendWithBackpressure(MucStanzas.invitation(roomJid, rooms.user, inviter, reason));
        }
    }

    /** See {@link UserRooms#sessionEnded}. */
    void sessionEnded(boolean shutdown, String reason) {
        StatusCode code = shutdown ? StatusCode.SHUTDOWN : StatusCode.TECHNICAL_REMOVAL;
        for (RoomState state : rooms.all()) {
            List<JID> resources = new ArrayList<>(state.joined.keySet());
            resources.addAll(state.pending.keySet());
            for (JID resource : resources) {
                rooms.outbox.send(RoomPresences.gone(state, state.nick, resource,
                        new MucStanzas.Item("none", "none", Optional.of(resource), Optional.empty(), Optional.empty(),
                                reason, List.of(StatusCode.SELF, code)), ""));
            }
        }
        rooms.clear();
    }
}
