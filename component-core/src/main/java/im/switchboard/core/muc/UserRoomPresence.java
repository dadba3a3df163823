package im.switchboard.core.muc;

import im.switchboard.config.Secret;
import im.switchboard.core.error.LegacyErrors;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.muc.RoomState.PendingJoin;
import im.switchboard.core.muc.RoomState.Phase;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomJoinFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;
import org.xmpp.packet.Presence;

/**
 * XMPP to network: the presence the user's resources send to rooms (XEP-0045 sections 7.2 entering, 7.6 nick
 * changes, 7.7 presence updates, 7.14 exit), and the join deadline. Confined to the user's actor.
 *
 * <p>All the user's resources share one legacy join per room. The first resource's join goes to the bridge; a
 * later resource is answered from the core's copy of the room at once. A later resource that asks for another
 * nick than the one the user has in the room enters under the existing nick with status 210 (section 7.2.3: the
 * service assigned the nick): a nick change (7.6) would rename the user's other resources without their asking.
 */
final class UserRoomPresence {

    private static final Logger LOG = LoggerFactory.getLogger(UserRoomPresence.class);

    private final RoomDirectory rooms;
    private final RoomPresences presences;

    UserRoomPresence(RoomDirectory rooms, RoomPresences presences) {
        this.rooms = rooms;
        this.presences = presences;
    }

    /** Presence from one of the user's resources to a room or occupant JID. */
    void onPresence(Presence presence, LegacyAddress room) {
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
            rooms.refuse(presence, new StanzaError(Condition.jid_malformed, Type.modify, "a room nick is needed"));
            return;
        }
        RoomState state = rooms.get(roomJid);
        Element x = presence.getChildElement("x", MucNamespaces.MUC);
        if (state != null && state.joined.containsKey(from)) {
            if (!nick.equals(state.nick)) {
                changeNick(state, presence, nick);
            } else if (x != null) {
                // Section 7.2.1 (last paragraph): a join from a joined client means it lost track; send it
                // everything again.
                HistoryLimit limit = HistoryRequests.parse(x, UserRooms.HISTORY_CAP, Instant.now());
                state.joined.put(from, limit);
                presences.sendJoin(state, from, limit, false);
            } else {
                presenceUpdate(state, presence);
            }
            return;
        }
        if (x == null) {
            // Section 7.2.2 (groupchat 1.0): presence without <x/> from a non-occupant is answered with an explicit
            // kick (110, 307, 333), so a client that lost the room notices instead of looking joined.
            rooms.outbox.send(MucStanzas.presence(RoomDirectory.occupantJid(roomJid, nick), from, false,
                    new MucStanzas.Item("none", "none", Optional.empty(), Optional.empty(), Optional.empty(),
                            "You are not in the room.",
                            List.of(StatusCode.SELF, StatusCode.KICKED, StatusCode.TECHNICAL_REMOVAL)),
                    null, ""));
            return;
        }
        HistoryLimit limit = HistoryRequests.parse(x, UserRooms.HISTORY_CAP, Instant.now());
        PendingJoin join = new PendingJoin(presence.getID(), nick, limit);
        if (state != null) {
            if (state.phase == Phase.JOINED) {
                state.joined.put(from, limit);
                presences.sendJoin(state, from, limit, !nick.equals(state.nick));
            } else {
                // The shared legacy join is on its way: this resource gets the same answer when it comes.
                state.timedOut.remove(from);
                state.pending.put(from, join);
            }
            return;
        }
        LegacySession session;
        try {
            session = rooms.host.openSession();
        } catch (StanzaErrorException e) {
            rooms.refuse(presence, e.error());
            return;
        }
        RoomState restored = rooms.get(roomJid);
        if (restored != null) {
            // The log-in of a kept-open session rejoined the user's remembered rooms, this one among them.
            restored.pending.put(from, join);
            return;
        }
        state = new RoomState(room, roomJid, nick, Phase.JOINING);
        state.pending.put(from, join);
        rooms.add(state);
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
        rooms.host.schedule(rooms.joinTimeout, () -> joinDeadline(joining));
    }

    /**
     * The join's deadline passed: if the bridge has still not answered (neither {@code roomJoined} nor
     * {@code roomJoinFailed}), every resource waiting for it gets the error presence of XEP-0045 section 7.2 with
     * {@code remote-server-timeout} (RFC 6120 section 8.3.3.15: a remote service did not answer in time) rather
     * than waiting forever. The room state stays, so a late {@code roomJoined} still puts those resources in (and
     * a late failure is dropped quietly); it goes when the user leaves or goes offline.
     */
    private void joinDeadline(RoomState state) {
        if (!rooms.isCurrent(state) || state.phase != Phase.JOINING || state.pending.isEmpty()) {
            return;
        }
        LOG.info("a room join got no answer from the network in {} s", rooms.joinTimeout.toSeconds());
        StanzaError error = UserRooms.joinError(RoomJoinFailure.TIMED_OUT,
                "the network did not answer the join in time");
        for (Map.Entry<JID, PendingJoin> e : state.pending.entrySet()) {
            rooms.outbox.sendError(MucStanzas.presenceError(RoomDirectory.occupantJid(state.jid,
                    e.getValue().nick()), e.getKey(), e.getValue().id(), error, state.jid));
        }
        state.timedOut.putAll(state.pending);
        state.pending.clear();
    }

    private void joinRefused(RoomState state, Presence presence, StanzaError error) {
        state.pending.remove(presence.getFrom());
        if (!state.hasResources()) {
            rooms.remove(state);
        }
        rooms.refuse(presence, error);
        rooms.host.roomsChanged();
    }

    /** Section 7.6: a presence with another nick from a joined resource. */
    private void changeNick(RoomState state, Presence presence, String nick) {
        if (state.phase != Phase.JOINED) {
            rooms.refuse(presence, new StanzaError(Condition.not_acceptable, Type.cancel,
                    "the room is not joined yet; try again once you are in"));
            return;
        }
        if (state.occupants.containsKey(nick)) {
            // Section 7.6.? "conflict": someone else has that nick in the room.
            rooms.refuse(presence, new StanzaError(Condition.conflict, Type.cancel, "that nick is taken in this room"));
            return;
        }
        Optional<LegacySession> session = rooms.host.session();
        if (session.isEmpty()) {
            rooms.refuse(presence, new StanzaError(Condition.remote_server_not_found, Type.cancel, "not connected"));
            return;
        }
        try {
            state.requestedNick = Optional.of(nick);
            session.get().changeRoomNick(state.address, nick);
        } catch (LegacyException e) {
            state.requestedNick = Optional.empty();
            rooms.refuse(presence, LegacyErrors.of(e));
        } catch (RuntimeException e) {
            state.requestedNick = Optional.empty();
            LOG.error("the bridge failed to change a nick", e);
            rooms.refuse(presence, StanzaError.of(Condition.internal_server_error));
        }
    }

    /** Section 7.7: the user's status in the room changed; the room shows it to the user's resources. */
    private void presenceUpdate(RoomState state, Presence presence) {
        Occupant self = RoomDirectory.self(state);
        for (JID resource : state.joined.keySet()) {
            rooms.outbox.send(MucStanzas.presence(RoomDirectory.occupantJid(state.jid, state.nick), resource, true,
                    RoomPresences.item(self, Optional.of(resource), List.of(StatusCode.SELF)), presence.getShow(),
                    presence.getStatus() == null ? "" : presence.getStatus()));
        }
    }

    private void onUnavailable(Presence presence) {
        JID from = presence.getFrom();
        RoomState state = rooms.get(presence.getTo());
        if (state == null) {
            return;
        }
        boolean wasIn = state.joined.remove(from) != null | state.pending.remove(from) != null
                | state.timedOut.remove(from) != null;
        if (!wasIn) {
            return;
        }
        // Section 7.14: the leaving occupant gets its own unavailable presence with 110.
        String status = presence.getStatus() == null ? "" : presence.getStatus();
        Occupant self = RoomDirectory.self(state);
        rooms.outbox.send(RoomPresences.gone(state, state.nick, from,
                new MucStanzas.Item("none", MucStanzas.affiliation(self.affiliation()), Optional.of(from),
                        Optional.empty(), Optional.empty(), "", List.of(StatusCode.SELF)), status));
        if (!state.hasResources()) {
            if (rooms.host.keepsRoomWhenLeft(from)) {
                // Always-on: the resource went offline, the user did not leave. The legacy side stays in the room
                // (no PART) and keeps its history; the next join is answered from this state.
                LOG.debug("last resource left a room of a kept-open session; the legacy side stays");
                return;
            }
            rooms.remove(state);
            rooms.host.roomForgotten(state.jid);
            rooms.leaveOnNetwork(state, status);
            rooms.host.roomsChanged();
        }
    }

    /**
     * Every resource of the user went offline. With {@code keepLegacySide} (a kept-open session) the rooms stay
     * joined on the legacy side and only the XMPP side is emptied; otherwise the rooms resources were in are left.
     */
    void allResourcesGone(boolean keepLegacySide) {
        for (RoomState state : rooms.snapshot()) {
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
            rooms.remove(state);
            rooms.leaveOnNetwork(state, "");
        }
    }
}
