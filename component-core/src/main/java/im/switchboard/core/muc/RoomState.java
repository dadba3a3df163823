package im.switchboard.core.muc;

import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomSubject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.xmpp.packet.JID;

/**
 * The core's copy of one room for one user: the legacy join that all the user's resources share. Confined to the
 * user's actor.
 */
final class RoomState {

    /** Where the shared legacy join is. */
    enum Phase {
        /** {@code joinRoom} was called; the bridge has not answered yet. */
        JOINING,
        /** In the room: the occupant list and subject are current. */
        JOINED,
        /** The legacy connection was lost (status 333); the bridge rejoins and reports the room again. */
        REJOINING
    }

    final LegacyAddress address;
    final JID jid;
    /**
     * {@code jid} as a bare JID string, made once: it keys the room in maps and in the history on every message,
     * and one instance keeps its hash and compares by identity first.
     */
    final String bareJid;
    Phase phase;
    /** The user's nick in the room (asked for while joining, the network's once joined). */
    String nick;
    /** A nick change the user asked for and the network has not answered yet (section 7.6). */
    Optional<String> requestedNick = Optional.empty();
    RoomSubject subject = RoomSubject.none();
    final Map<String, Occupant> occupants = new LinkedHashMap<>();
    /** Resources that are in the room (they received their self-presence). */
    final Map<JID, HistoryLimit> joined = new LinkedHashMap<>();
    /** Resources waiting for the bridge's {@code roomJoined}, with the history each asked for. */
    final Map<JID, PendingJoin> pending = new LinkedHashMap<>();
    /**
     * Resources whose join passed its deadline (they got {@code remote-server-timeout}); a late {@code roomJoined}
     * still puts them in.
     */
    final Map<JID, PendingJoin> timedOut = new LinkedHashMap<>();

    /** A resource's join that waits for the legacy side; {@code id} is the id of its join presence, if any. */
    record PendingJoin(String id, String nick, HistoryLimit history) {
    }

    RoomState(LegacyAddress address, JID jid, String nick, Phase phase) {
        this.address = address;
        this.jid = jid;
        this.bareJid = jid.toBareJID();
        this.nick = nick;
        this.phase = phase;
    }

    boolean hasResources() {
        return !joined.isEmpty() || !pending.isEmpty() || !timedOut.isEmpty();
    }
}
