package im.switchboard.core.muc;

import im.switchboard.core.error.ErrorReplies;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.muc.RoomState.Phase;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.session.ContactJids;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.stanza.XmlChars;
import im.switchboard.core.stats.Counters;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * The one place where a user's room state lives: the user's rooms by room JID, and what every part of
 * {@link UserRooms} needs to reach XMPP (the outbox, the contact JIDs) and the network (the host's session).
 * Confined to the user's actor; not thread-safe.
 */
final class RoomDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(RoomDirectory.class);

    final JID user;
    final String userKey;
    final String domain;
    final AddressCodec codec;
    final ContactJids contacts;
    final Outbox outbox;
    final RoomHistory history;
    final Counters counters;
    final RoomHost host;
    final Duration joinTimeout;
    private final Map<String, RoomState> rooms = new HashMap<>();

    RoomDirectory(JID user, ContactJids contacts, AddressCodec codec, Outbox outbox, RoomHistory history,
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

    boolean isEmpty() {
        return rooms.isEmpty();
    }

    int size() {
        return rooms.size();
    }

    /** The room whose JID is {@code roomJid} (its bare part counts), or null. */
    RoomState get(JID roomJid) {
        return rooms.get(roomJid.toBareJID());
    }

    /** Whether the room with this JID is known to the directory. */
    boolean contains(JID roomJid) {
        return rooms.containsKey(roomJid.toBareJID());
    }

    void add(RoomState state) {
        rooms.put(state.bareJid, state);
    }

    /** The state of {@code roomJid}, made by {@code create} when there is none. */
    RoomState getOrAdd(JID roomJid, Supplier<RoomState> create) {
        return rooms.computeIfAbsent(roomJid.toBareJID(), k -> create.get());
    }

    /** Drops {@code state} if it is still the one kept for its room. */
    void remove(RoomState state) {
        rooms.remove(state.bareJid, state);
    }

    /** Whether {@code state} is still the one kept for its room (a scheduled task may find it replaced). */
    boolean isCurrent(RoomState state) {
        return rooms.get(state.bareJid) == state;
    }

    void clear() {
        rooms.clear();
    }

    /** The live rooms; do not change the directory while iterating (use {@link #snapshot()}). */
    Collection<RoomState> all() {
        return rooms.values();
    }

    /** A copy of the rooms, for loops that remove some. */
    List<RoomState> snapshot() {
        return List.copyOf(rooms.values());
    }

    /**
     * The joined room a legacy fact is about, or null when the user is not (or not yet) in it: before the (re)join
     * completes the bridge's snapshot is the truth, and events until then are in it.
     */
    RoomState joinedRoom(LegacyAddress room) {
        JID roomJid = roomJid(room);
        RoomState state = roomJid == null ? null : rooms.get(roomJid.toBareJID());
        if (state == null) {
            // Typically the network confirming an exit the core already completed (section 7.14).
            LOG.debug("event for a room the user is not in ignored");
            return null;
        }
        if (state.phase != Phase.JOINED) {
            LOG.debug("room event before the join completed ignored");
            return null;
        }
        return state;
    }

    /**
     * The room {@code roomJid} when {@code resource} is in it (joined, and the resource got its self-presence),
     * or null.
     */
    RoomState occupiedBy(JID roomJid, JID resource) {
        RoomState state = rooms.get(roomJid.toBareJID());
        return state != null && state.phase == Phase.JOINED && state.joined.containsKey(resource) ? state : null;
    }

    /** The room's JID, or null (and counted as dropped) when the address cannot be one. */
    JID roomJid(LegacyAddress room) {
        try {
            return contacts.toJid(room);
        } catch (IllegalArgumentException e) {
            LOG.warn("room event dropped: {}", e.getMessage());
            counters.dropped();
            return null;
        }
    }

    /** {@code room/nick}, or null when the nick cannot be a JID resource (it is then not shown). */
    static JID occupantJid(JID room, String nick) {
        try {
            return new JID(room.getNode(), room.getDomain(), XmlChars.strip(nick));
        } catch (IllegalArgumentException e) {
            LOG.warn("a nick that cannot be a JID resource was not shown");
            return null;
        }
    }

    /** The JID the room shows for an occupant (the legacy contact behind it), if the network tells it. */
    Optional<JID> contactJid(Occupant occupant) {
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

    /** The user's own occupant in {@code state} (a plain participant until the network says more). */
    static Occupant self(RoomState state) {
        Occupant self = state.occupants.get(state.nick);
        return self != null ? self : Occupant.participant(state.nick);
    }

    LegacySession requireSession() throws NotConnectedException {
        return host.session().orElseThrow(() -> new NotConnectedException("not connected to the network"));
    }

    /** Leaves {@code state}'s room on the legacy side, if a session is open; a failure is only logged. */
    void leaveOnNetwork(RoomState state, String status) {
        host.session().ifPresent(session -> {
            try {
                session.leaveRoom(state.address, status);
            } catch (LegacyException | RuntimeException e) {
                LOG.info("leaving a room failed: {}", e.getMessage());
            }
        });
    }

    /** Answers {@code packet} with {@code error} from the room ({@code <error by='room'/>}), when it may be. */
    void refuse(Packet packet, StanzaError error) {
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
}
