package im.switchboard.core.muc;

import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.spi.Occupant;
import java.util.List;
import java.util.Optional;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/**
 * The occupant presences a room sends to the user's resources (XEP-0045 section 7.2.3 and the sections that
 * reuse its shape), built from the core's copy of the room. Both directions use it: the answer to a join, and
 * the network's occupant facts. Confined to the user's actor.
 */
final class RoomPresences {

    private final RoomDirectory rooms;

    RoomPresences(RoomDirectory rooms) {
        this.rooms = rooms;
    }

    /** The item of a present occupant: its role and affiliation, with {@code jid} when shown. */
    static MucStanzas.Item item(Occupant occupant, Optional<JID> jid, List<StatusCode> codes) {
        return new MucStanzas.Item(MucStanzas.role(occupant.role()), MucStanzas.affiliation(occupant.affiliation()),
                jid, Optional.empty(), Optional.empty(), "", codes);
    }

    /**
     * The available presence of {@code occupant} to {@code resource}: with 110 and the resource's own JID when it
     * is the user, with the contact JID the room shows otherwise; the occupant's away state and status.
     */
    Presence occupant(RoomState state, Occupant occupant, JID resource) {
        boolean self = occupant.nick().equals(state.nick);
        return MucStanzas.presence(RoomDirectory.occupantJid(state.jid, occupant.nick()), resource, true,
                self ? item(occupant, Optional.of(resource), List.of(StatusCode.SELF))
                        : item(occupant, rooms.contactJid(occupant), List.of()),
                occupant.away() ? Presence.Show.away : null, occupant.status());
    }

    /** The unavailable presence of {@code nick} to {@code resource}, with {@code item} (sections 7.6, 7.14). */
    static Presence gone(RoomState state, String nick, JID resource, MucStanzas.Item item, String status) {
        return MucStanzas.presence(RoomDirectory.occupantJid(state.jid, nick), resource, false, item, null, status);
    }

    /**
     * Section 7.2.3: the other occupants first, then the self-presence (110, 100 because the room shows
     * addresses, 210 when the nick is not the one asked for), then the history (7.2.14) and last the subject
     * (7.2.15, always sent, empty when there is none).
     */
    void sendJoin(RoomState state, JID to, HistoryLimit limit, boolean nickAssigned) {
        for (Occupant occupant : state.occupants.values()) {
            if (!occupant.nick().equals(state.nick)
                    && RoomDirectory.occupantJid(state.jid, occupant.nick()) != null) {
                rooms.outbox.sendWithBackpressure(occupant(state, occupant, to));
            }
        }
        Occupant self = RoomDirectory.self(state);
        List<StatusCode> codes = nickAssigned
                ? List.of(StatusCode.NON_ANONYMOUS, StatusCode.SELF, StatusCode.NICK_ASSIGNED)
                : List.of(StatusCode.NON_ANONYMOUS, StatusCode.SELF);
        rooms.outbox.sendWithBackpressure(MucStanzas.presence(RoomDirectory.occupantJid(state.jid, state.nick), to,
                true, item(self, Optional.of(to), codes), self.away() ? Presence.Show.away : null, self.status()));
        for (HistoryEntry entry : rooms.history.recent(rooms.userKey, state.bareJid, limit)) {
            JID from = RoomDirectory.occupantJid(state.jid, entry.nick());
            rooms.outbox.sendWithBackpressure(MucStanzas.history(state.jid, from == null ? state.jid : from, to,
                    entry));
        }
        JID subjectFrom = state.subject.setBy().map(nick -> RoomDirectory.occupantJid(state.jid, nick))
                .orElse(state.jid);
        rooms.outbox.sendWithBackpressure(MucStanzas.subject(subjectFrom == null ? state.jid : subjectFrom, to,
                state.subject.text()));
    }
}
