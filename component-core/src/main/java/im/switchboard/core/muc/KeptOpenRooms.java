package im.switchboard.core.muc;

import im.switchboard.config.Secret;
import im.switchboard.core.muc.RoomState.Phase;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.RoomJoin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * The rooms of a kept-open (always-on) session that no resource needs to be in: rejoined after a gateway restart
 * or a new log-in, listed to be remembered, and left when the session is no longer kept open. Confined to the
 * user's actor.
 */
final class KeptOpenRooms {

    private static final Logger LOG = LoggerFactory.getLogger(KeptOpenRooms.class);

    private final RoomDirectory rooms;

    KeptOpenRooms(RoomDirectory rooms) {
        this.rooms = rooms;
    }

    /**
     * Rejoin a remembered room with no resource in it: the legacy side joins, and the user's resources are answered
     * from the state when they come. Nothing happens for a room the user is in or joining already.
     *
     * @param key the room's remembered password (XEP-0045 section 7.2.6, an IRC channel key), if it has one
     * @return false when the room cannot be rejoined for good (the address is no longer valid on this gateway)
     */
    boolean rejoin(String roomNode, String nick, Optional<Secret> key, LegacySession session) {
        LegacyAddress room;
        JID roomJid;
        try {
            room = rooms.codec.decode(roomNode);
            roomJid = room.isRoom() ? rooms.contacts.toJid(room) : null;
        } catch (InvalidAddressException | IllegalArgumentException e) {
            LOG.info("a remembered room is no longer valid: {}", e.getMessage());
            return false;
        }
        if (roomJid == null) {
            return false;
        }
        if (rooms.contains(roomJid)) {
            return true;
        }
        RoomState state = new RoomState(room, roomJid, nick, Phase.JOINING);
        rooms.add(state);
        try {
            session.joinRoom(new RoomJoin(room, nick, key));
            return true;
        } catch (LegacyException e) {
            LOG.info("rejoining a remembered room failed: {}", e.getMessage());
            rooms.remove(state);
            return !(e instanceof InvalidAddressException);
        } catch (RuntimeException e) {
            LOG.error("the bridge failed to rejoin a room", e);
            rooms.remove(state);
            return true;
        }
    }

    /** The rooms the user is in on the legacy side now (joined), with their nick, by room JID. */
    Map<JID, String> joinedRooms() {
        Map<JID, String> joined = new LinkedHashMap<>();
        for (RoomState state : rooms.all()) {
            if (state.phase == Phase.JOINED) {
                joined.put(state.jid, state.nick);
            }
        }
        return joined;
    }

    /** Leave, on the legacy side, every room no resource of the user is in. */
    void leaveUnattended() {
        for (RoomState state : rooms.snapshot()) {
            if (state.hasResources()) {
                continue;
            }
            rooms.remove(state);
            rooms.leaveOnNetwork(state, "");
        }
    }
}
