package im.switchboard.core.session;

import im.switchboard.core.muc.UserRooms;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.spi.XmppSink;
import im.switchboard.core.stanza.StanzaIds;
import im.switchboard.core.stanza.XmlChars;
import im.switchboard.core.stats.Counters;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * The core's {@link XmppSink} for one legacy session: turns a bridge's facts into stanzas to the user's bare JID.
 *
 * <p>Thread-safe; legacy I/O threads call it. Calls from one thread reach the link in that order. When the
 * link's queue is full it waits a bounded time (backpressure towards the legacy socket), then drops the stanza,
 * counted and logged (never silently). Every {@code from} is built by {@link ContactJids}, so a bridge cannot
 * produce one outside the domain (THREATS X1); every text goes through {@link XmlChars#strip} (THREATS X6).
 *
 * <p>Once the session is closed ({@link #close()}) the sink ignores further events: after logout the gateway
 * has already told the user it is unavailable, and a late event must not contradict that.
 */
public final class GatewaySink implements XmppSink {

    /** XEP-0085 namespace. */
    public static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    /** XEP-0184 namespace. */
    public static final String RECEIPTS = "urn:xmpp:receipts";
    /** XEP-0203 namespace. */
    public static final String DELAY = "urn:xmpp:delay";

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySink.class);

    private final JID user;
    private final ContactJids contacts;
    private final Set<Capability> capabilities;
    private final GatewayPresences presences;
    private final Outbox outbox;
    private final Counters counters;
    private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.DISCONNECTED);
    private final ReentrantLock presenceLock = new ReentrantLock();
    private final BiConsumer<GatewaySink, Consumer<UserRooms>> roomFacts;
    private final BooleanSupplier online;
    private volatile boolean closed;

    /**
     * A sink that shows connection states to the user whatever their presence.
     *
     * @param roomFacts posts a room fact to the user's actor, where the room state lives (it may wait briefly:
     *                  backpressure towards the legacy socket)
     */
    public GatewaySink(JID user, ContactJids contacts, Set<Capability> capabilities, GatewayPresences presences,
            Outbox outbox, Counters counters, BiConsumer<GatewaySink, Consumer<UserRooms>> roomFacts) {
        this(user, contacts, capabilities, presences, outbox, counters, roomFacts, () -> true);
    }

    /**
     * @param roomFacts posts a room fact to the user's actor, where the room state lives (it may wait briefly:
     *                  backpressure towards the legacy socket)
     * @param online    whether the user has an available resource now (thread-safe): the gateway's presence for
     *                  a connection state goes only to a user who can receive it
     */
    public GatewaySink(JID user, ContactJids contacts, Set<Capability> capabilities, GatewayPresences presences,
            Outbox outbox, Counters counters, BiConsumer<GatewaySink, Consumer<UserRooms>> roomFacts,
            BooleanSupplier online) {
        this.online = Objects.requireNonNull(online, "online");
        this.roomFacts = Objects.requireNonNull(roomFacts, "roomFacts");
        this.user = user.asBareJID();
        this.contacts = Objects.requireNonNull(contacts, "contacts");
        this.capabilities = Set.copyOf(capabilities);
        this.presences = Objects.requireNonNull(presences, "presences");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    @Override
    public void messageReceived(IncomingMessage message) {
        Message m = chatFrom(message.from());
        if (m == null) {
            return;
        }
        m.setBody(XmlChars.strip(message.body()));
        if (capabilities.contains(Capability.CHAT_STATES)) {
            // XEP-0085 section 5.1: a message with a body from an entity that supports chat states is "active".
            m.getElement().addElement("active", CHAT_STATES);
        }
        message.sentAt().ifPresent(sentAt -> m.getElement().addElement("delay", DELAY)
                .addAttribute("from", contacts.domain())
                // XEP-0203 section 4 / XEP-0082: UTC, 'Z' suffix.
                .addAttribute("stamp", DateTimeFormatter.ISO_INSTANT.format(sentAt)));
        if (send(m)) {
            counters.messageToXmpp();
        }
    }

    @Override
    public void chatStateChanged(LegacyAddress from, ChatState chatState) {
        if (!capabilities.contains(Capability.CHAT_STATES)) {
            LOG.debug("chat state ignored: the bridge does not declare CHAT_STATES");
            return;
        }
        Message m = chatFrom(from);
        if (m != null) {
            m.getElement().addElement(chatState.name().toLowerCase(Locale.ROOT), CHAT_STATES);
            send(m);
        }
    }

    @Override
    public void delivered(LegacyAddress to, String messageId) {
        if (messageId == null || messageId.isEmpty()) {
            // XEP-0184 section 5.1: a receipt names the id of the message it confirms; without one it says nothing.
            return;
        }
        Message m = chatFrom(to);
        if (m != null) {
            m.getElement().addElement("received", RECEIPTS).addAttribute("id", XmlChars.strip(messageId));
            send(m);
        }
    }

    @Override
    public void connectionStateChanged(ConnectionState newState, String detail) {
        Objects.requireNonNull(newState, "state");
        presenceLock.lock();
        try {
            if (closed) {
                LOG.debug("connection state {} after close ignored", newState);
                return;
            }
            state.set(newState);
            if (online.getAsBoolean()) {
                outbox.sendWithBackpressure(presences.forState(user, newState, detail == null ? "" : detail));
            } else {
                // An offline user's server discards presence to them (RFC 6121 section 8.5.2.2.2), so an always-on
                // session's reconnects cost no stanza while they are away; when they come back, their server's
                // probe is answered with the state of now (XEP-0100 section 4.4, RFC 6121 section 4.3).
                LOG.debug("connection state {} not shown: the user has no available resource", newState);
            }
        } finally {
            presenceLock.unlock();
        }
        if (newState == ConnectionState.FAILED && capabilities.contains(Capability.ROOMS)) {
            // The bridge gave up: it will rejoin nothing. Resources still in (or waiting for) a room are told now
            // rather than waiting for a rejoin that never comes (THREATS I9).
            String reason = detail == null || detail.isEmpty() ? "The connection to the network failed." : detail;
            room(rooms -> rooms.connectionFailed(reason));
        }
    }

    @Override
    public void roomJoined(RoomSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        room(rooms -> rooms.roomJoined(snapshot));
    }

    @Override
    public void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        room(rooms -> rooms.roomJoinFailed(room, nick, failure, text == null ? "" : text));
    }

    @Override
    public void roomRedirected(LegacyAddress room, String nick, LegacyAddress to, String text) {
        room(rooms -> rooms.roomRedirected(room, nick, to, text == null ? "" : text));
    }

    @Override
    public void occupantJoined(LegacyAddress room, Occupant occupant) {
        room(rooms -> rooms.occupantJoined(room, occupant));
    }

    @Override
    public void occupantChanged(LegacyAddress room, Occupant occupant) {
        room(rooms -> rooms.occupantChanged(room, occupant));
    }

    @Override
    public void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        room(rooms -> rooms.occupantRenamed(room, oldNick, newNick));
    }

    @Override
    public void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        room(rooms -> rooms.occupantLeft(room, nick, departure));
    }

    @Override
    public void roomMessageReceived(RoomMessage message) {
        room(rooms -> rooms.roomMessageReceived(message));
    }

    @Override
    public void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        room(rooms -> rooms.subjectChanged(room, nick == null ? "" : nick, subject));
    }

    @Override
    public void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        room(rooms -> rooms.invitationReceived(room, from, reason == null ? "" : reason));
    }

    /** Room facts need the user's room state: they go to the user's actor, in the order they were reported. */
    private void room(Consumer<UserRooms> fact) {
        if (closed) {
            LOG.debug("room event after the session closed dropped");
            counters.dropped();
            return;
        }
        roomFacts.accept(this, fact);
    }

    /** The last state the bridge reported. */
    public ConnectionState state() {
        return state.get();
    }

    /** Whether the session is closed. */
    public boolean isClosed() {
        return closed;
    }

    /** Stop reporting: after this returns no presence from this sink reaches the user. */
    void close() {
        presenceLock.lock();
        try {
            closed = true;
        } finally {
            presenceLock.unlock();
        }
    }

    private Message chatFrom(LegacyAddress from) {
        if (closed) {
            LOG.debug("event after the session closed dropped");
            counters.dropped();
            return null;
        }
        JID contact;
        try {
            contact = contacts.toJid(from);
        } catch (IllegalArgumentException e) {
            counters.dropped();
            LOG.warn("bridge event dropped: {}", e.getMessage());
            return null;
        }
        Message m = new Message();
        m.setType(Message.Type.chat);
        m.setID(StanzaIds.next());
        m.setFrom(contact);
        m.setTo(user);
        return m;
    }

    private boolean send(Packet packet) {
        return outbox.sendWithBackpressure(packet) == im.switchboard.core.link.SendResult.QUEUED;
    }
}
