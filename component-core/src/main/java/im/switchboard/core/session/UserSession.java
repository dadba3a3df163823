package im.switchboard.core.session;

import im.switchboard.config.Secret;
import im.switchboard.core.error.ErrorReplies;
import im.switchboard.core.error.LegacyErrors;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.muc.MucNamespaces;
import im.switchboard.core.muc.RoomHost;
import im.switchboard.core.muc.RoomQuery;
import im.switchboard.core.muc.UserRooms;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.core.stanza.StanzaIds;
import im.switchboard.core.stanza.XmlChars;
import im.switchboard.core.stats.Counters;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * One user's state: their available resources and their legacy session. Confined to the user's actor thread;
 * no method is thread-safe and none needs to be.
 */
final class UserSession implements RoomHost {

    private static final Logger LOG = LoggerFactory.getLogger(UserSession.class);

    private final JID user;
    private final Bridge bridge;
    private final Function<JID, GatewaySink> sinks;
    private final GatewayPresences presences;
    private final Outbox outbox;
    private final Counters counters;
    private final Runnable onlineChanged;
    private final Set<Capability> capabilities;
    private final UserRooms rooms;
    /** Runs a task on this user's actor after a delay. */
    private final BiConsumer<Duration, Runnable> timer;
    /** How long a failed log-in holds back the next one that presence would start. */
    static final long LOGIN_RETRY_DELAY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Set<JID> resources = new LinkedHashSet<>();
    /**
     * The password (XEP-0045 section 7.2.6) of the user's last join of each room, by room local part: remembered
     * with the room for an always-on restore ({@link SavedRooms#keys}). Dropped when the room is forgotten or the
     * session ends.
     */
    private final Map<String, Secret> joinKeys = new HashMap<>();
    private final RoomMemory memory;
    /** How long a guest session opened for a room listing stays open without a room. */
    static final Duration GUEST_LISTING_LINGER = Duration.ofMinutes(1);
    /** The latest listing of a guest with no room: only its timer closes the session. */
    private Object listingLinger;
    /**
     * An unregistered user's rooms-only session ({@code [gateway] rooms-for-unregistered}): its registration is
     * the bridge's ephemeral one, never stored; it ends with the user's last room.
     */
    private final boolean guest;
    private Registration registration;
    /** Whether the bridge wants this session open while the user is offline (always-on). */
    private boolean keepOpen;
    /** What {@link #keepOpen} was when last acted on ({@link #reevaluate()}). */
    private boolean keptOpen;
    /** The rooms remembered for a restart; this session is the only writer of the registration's field. */
    private SavedRooms saved;
    private LegacySession legacy;
    /** After a failed log-in, presence starts no new one before this {@link System#nanoTime()}. */
    private long retryNotBefore = System.nanoTime();
    /** The retries of a kept-open session's log-in while the user is offline. */
    private final LoginRetries retries;
    private GatewaySink sink;

    UserSession(Registration registration, boolean guest, Bridge bridge, Function<JID, GatewaySink> sinks,
            GatewayPresences presences, Outbox outbox, Counters counters, Runnable onlineChanged,
            ContactJids contacts, RoomHistory history, Duration roomJoinTimeout,
            BiConsumer<Duration, Runnable> timer, RoomMemory memory, RetryBackoff loginBackoff) {
        this.memory = memory;
        this.retries = new LoginRetries(loginBackoff);
        this.saved = SavedRooms.of(registration);
        this.keepOpen = keepsOpen(bridge, registration);
        this.registration = registration;
        this.guest = guest;
        this.user = new JID(registration.user());
        this.bridge = bridge;
        this.capabilities = Set.copyOf(bridge.capabilities());
        this.timer = timer;
        this.rooms = new UserRooms(user, contacts, bridge.addressCodec(), outbox, history, counters, this,
                roomJoinTimeout);
        this.sinks = sinks;
        this.presences = presences;
        this.outbox = outbox;
        this.counters = counters;
        this.onlineChanged = onlineChanged;
    }

    /**
     * The registration stored now (every stanza routed to the user carries it, and a change is posted by
     * {@link SessionManager#registrationChanged}); an open legacy session is told when it differs.
     */
    void refresh(Registration latest) {
        boolean changed = !latest.equals(registration);
        if (changed) {
            // New credentials deserve a log-in at once, whatever the last failure was.
            retryNotBefore = System.nanoTime();
            retries.reset();
        }
        this.registration = latest;
        this.keepOpen = keepsOpen(bridge, latest);
        if (changed && legacy != null) {
            try {
                legacy.registrationChanged(latest);
            } catch (RuntimeException e) {
                LOG.warn("the bridge failed to take a changed registration", e);
            }
        }
    }

    static boolean keepsOpen(Bridge bridge, Registration registration) {
        try {
            return bridge.keepsSessionOpen(registration);
        } catch (RuntimeException e) {
            LOG.warn("the bridge failed to tell whether a session stays open", e);
            return false;
        }
    }

    /**
     * Act on whether the session is kept open (at the component's start, and after the registration changed):
     * a kept-open session is opened and connected now, with its remembered rooms; one that is no longer kept open
     * leaves the rooms no resource is in, forgets them, and closes unless the user is online or in a room.
     */
    void reevaluate() {
        boolean was = keptOpen;
        keptOpen = keepOpen;
        if (keepOpen) {
            if (legacy != null && sink.state() == ConnectionState.FAILED) {
                closeLegacy(false, "The connection to the network was lost.");
            }
            if (legacy == null) {
                openKept();
            } else if (!was) {
                // Just made always-on: the rooms the user is in now are the ones to come back after a restart.
                rooms.joinedRooms().forEach((room, nick) -> roomEntered(room, nick, true));
            }
            return;
        }
        retries.cancel();
        if (was) {
            remember(SavedRooms.none());
            rooms.leaveUnattended();
            if (legacy != null && resources.isEmpty() && rooms.isEmpty()) {
                closeLegacy(false, "");
                outbox.send(presences.unavailable(user, ""));
            }
        }
    }

    /**
     * Log a kept-open session in. A user who is offline hears nothing of a failure (their server drops presence
     * errors), so a transient one is tried again later with backoff ({@link LoginRetries}), and a permanent one is
     * told once in a message that waits for them offline. An online user gets the unavailable presence with the
     * reason, and their next presence tries again (XEP-0100 section 4.4).
     */
    private void openKept() {
        retries.cancel();
        Optional<StanzaError> failure = logIn();
        if (failure.isEmpty()) {
            return;
        }
        StanzaError error = failure.get();
        LOG.info("opening the kept-open session failed: {}", error.text());
        if (isOnline()) {
            outbox.send(presences.unavailable(user, error.text()));
            return;
        }
        if (!LoginRetries.isTransient(error)) {
            if (retries.gaveUp()) {
                tellOffline("The always-on connection to " + bridge.info().name() + " could not log in and is not"
                        + " tried again until your registration changes or you come online: "
                        + (error.text().isEmpty() ? error.condition().toXMPP() : error.text()));
            }
            return;
        }
        retryLater(retries.failed(error));
    }

    /**
     * A notice from the gateway for a user who is offline: a message of type {@code normal}, which the user's
     * server keeps for them (RFC 6121 section 8.5.2.2.1: normal and chat messages to an offline user may be stored;
     * headline messages are discarded, and so would an error presence be).
     */
    private void tellOffline(String text) {
        Message notice = new Message();
        notice.setType(Message.Type.normal);
        notice.setID(StanzaIds.next());
        notice.setFrom(presences.domain());
        notice.setTo(user);
        notice.setBody(XmlChars.strip(text));
        outbox.send(notice);
    }

    private void retryLater(LoginRetries.Planned next) {
        LOG.info("the kept-open session is tried again in {} s", next.delay().toSeconds());
        // The timer posts to this actor: the wait blocks no one, and the attempt runs in order with the user's
        // stanzas. A retry cancelled meanwhile (the user came online, unregistered...) finds its token void.
        timer.accept(next.delay(), () -> {
            if (retries.take(next.token()) && keepOpen && legacy == null) {
                openKept();
            }
        });
    }

    private void remember(SavedRooms next) {
        if (!next.equals(saved)) {
            saved = next;
            memory.save(user.toBareJID(), next);
        }
    }

    boolean isGuest() {
        return guest;
    }

    /**
     * Room presence of an unregistered user. The first join opens their session with the bridge's ephemeral
     * registration carrying the room nick ({@link Bridge#guestRegistration}); a nick the network refuses is
     * answered with the join's error. Then it is handled as any room presence.
     */
    void onGuestRoomPresence(Presence presence, LegacyAddress room) {
        String nick = presence.getTo().getResource();
        if (legacy == null && presence.getType() == null && nick != null && !nick.isBlank()) {
            try {
                registration = bridge.guestRegistration(user.toBareJID(), nick);
            } catch (LegacyException e) {
                LOG.debug("a guest's room nick was refused: {}", e.getMessage());
                outbox.sendError(ErrorReplies.replyTo(presence, LegacyErrors.of(e)));
                return;
            } catch (RuntimeException e) {
                LOG.error("the bridge failed to make a guest registration", e);
                outbox.sendError(ErrorReplies.replyTo(presence,
                        StanzaError.of(PacketError.Condition.internal_server_error)));
                return;
            }
        }
        onRoomPresence(presence, room);
    }

    boolean isOnline() {
        return !resources.isEmpty();
    }

    boolean hasSession() {
        return legacy != null;
    }

    /** XEP-0100 section 4.4 (log in) and 4.5 (log out), subscriptions (section 4.1) and probes. */
    void onPresence(Presence presence, Optional<LegacyAddress> contact) {
        Presence.Type type = presence.getType();
        if (type == null) {
            onAvailable(presence, contact.isEmpty());
            return;
        }
        switch (type) {
            case unavailable -> {
                if (contact.isEmpty()) {
                    onUnavailable(presence);
                } else {
                    // XEP-0100 section 4.6 step 2: a directed unavailable to a legacy contact (the user removed it
                    // from the roster) is not a log-out.
                    LOG.debug("unavailable presence to a legacy contact ignored for the session");
                }
            }
            case probe -> {
                if (contact.isEmpty()) {
                    outbox.send(currentPresence(presence.getFrom()));
                }
            }
            case subscribe -> onSubscribe(presence, contact);
            case unsubscribe -> {
                // RFC 6121 section 3.3.3: the contact's side answers with unavailable presence.
                if (contact.isEmpty()) {
                    outbox.send(presences.unavailable(user, ""));
                }
            }
            case subscribed, unsubscribed -> LOG.debug("{} from {} noted", type, user);
            default -> LOG.debug("presence of type {} ignored", type);
        }
    }

    /**
     * Available presence from one of the user's resources. The user's server broadcasts each presence change to the
     * gateway and to every legacy contact in the roster (XEP-0100 section 4.4 step 1), so only the copy addressed
     * to the gateway itself may start a log-in, and a failed log-in is not retried before
     * {@link #LOGIN_RETRY_DELAY_NANOS}: a status change must not become a burst of logins from the gateway's
     * address (THREATS I5, C1).
     */
    private void onAvailable(Presence presence, boolean toGateway) {
        JID resource = presence.getFrom();
        boolean wasOnline = isOnline();
        resources.add(resource);
        if (!wasOnline) {
            onlineChanged.run();
            counters.userOnline();
        }
        if (!toGateway) {
            return;
        }
        // The user's presence drives log-ins from now on (XEP-0100 section 4.4). A background retry that was
        // waiting gives way to an attempt now: the backoff already spaced the attempts.
        boolean retrying = retries.isPending();
        retries.cancel();
        if (legacy != null && sink.state() == ConnectionState.FAILED) {
            // The bridge gave up on this connection (ConnectionState.FAILED); new presence means "try again".
            closeLegacy(false, "The connection to the network was lost.");
        }
        if (legacy == null && (retrying || System.nanoTime() - retryNotBefore >= 0)) {
            logIn().ifPresent(error -> loginFailed(presence, error));
        }
    }

    /** Open and connect the legacy session; the error the user should see when that fails. */
    private Optional<StanzaError> logIn() {
        sink = sinks.apply(user);
        try {
            legacy = bridge.openSession(new SessionContext(registration, sink));
        } catch (RuntimeException e) {
            LOG.error("the bridge failed to open a session", e);
            retryNotBefore = System.nanoTime() + LOGIN_RETRY_DELAY_NANOS;
            return Optional.of(StanzaError.of(PacketError.Condition.internal_server_error));
        }
        counters.sessionOpened();
        StanzaError error;
        try {
            legacy.connect();
            retries.reset();
            retries.cancel();
            if (keepOpen) {
                keptOpen = true;
                restoreRooms();
            }
            return Optional.empty();
        } catch (LegacyException e) {
            LOG.info("log-in failed: {}", e.getMessage());
            error = LegacyErrors.of(e);
        } catch (RuntimeException e) {
            LOG.error("the bridge failed to connect", e);
            error = StanzaError.of(PacketError.Condition.internal_server_error);
        }
        closeLegacy(false, error.text());
        retryNotBefore = System.nanoTime() + LOGIN_RETRY_DELAY_NANOS;
        return Optional.of(error);
    }

    /** Rejoin the remembered rooms of a kept-open session, with no resource in them yet. */
    private void restoreRooms() {
        SavedRooms next = saved;
        if (!saved.rooms().isEmpty()) {
            LOG.debug("rejoining {} remembered rooms, {} of them with a key", saved.rooms().size(),
                    saved.keys().size());
        }
        for (var room : saved.rooms().entrySet()) {
            if (legacy == null) {
                return;
            }
            if (!rooms.rejoin(room.getKey(), room.getValue(), saved.key(room.getKey()), legacy)) {
                next = next.without(room.getKey());
            }
        }
        remember(next);
    }

    private void loginFailed(Presence trigger, StanzaError error) {
        // XEP-0100 section 4.4.2: a presence error tells the user why log-in failed (not-authorized, timeout...).
        Packet reply = ErrorReplies.bareReplyTo(trigger, error);
        reply.setFrom(presences.domain());
        outbox.sendError(reply);
        outbox.send(presences.unavailable(user, error.text()));
    }

    private void onUnavailable(Presence presence) {
        JID from = presence.getFrom();
        if (from.getResource() == null) {
            // RFC 6121 section 4.3.2: the answer to a probe for a user with no available resource comes from the
            // bare JID (after a reconnect of the link, for example): every resource is gone.
            // Every resource is offline, so none is in a room either.
            rooms.allResourcesGone(keepOpen);
            if (resources.isEmpty()) {
                roomsChanged();
                return;
            }
            resources.clear();
        } else if (!resources.remove(from)) {
            return;
        }
        if (resources.isEmpty()) {
            onlineChanged.run();
            counters.userOffline();
            if (legacy == null && keepOpen && !guest) {
                // Always-on but not logged in (the last log-in failed): with the user gone, nothing else retries.
                retries.resume().ifPresent(this::retryLater);
            }
            if (legacy != null && rooms.isEmpty() && !keepOpen) {
                // A kept-open (always-on) session stays open while the user is offline.
                // The session stays open while the user is in a room, even offline to the gateway (XEP-0045
                // presence to a room is directed presence, independent of the gateway's).
                closeLegacy(false, "");
                // XEP-0100 section 4.5 step 4: the gateway tells the user it is now unavailable.
                outbox.send(presences.unavailable(presence.getFrom(), ""));
            }
        }
    }

    private void onSubscribe(Presence presence, Optional<LegacyAddress> contact) {
        JID bare = presence.getFrom().asBareJID();
        if (contact.isPresent()) {
            // XEP-0100 section 4.6: the gateway approves subscriptions to legacy contacts on their behalf.
            outbox.send(presences.ofType(Presence.Type.subscribed, presence.getTo().asBareJID(), bare));
            return;
        }
        // XEP-0100 section 4.1 steps 9-12: approve, subscribe back, and show the current state.
        outbox.send(presences.ofType(Presence.Type.subscribed, presences.domain(), bare));
        outbox.send(presences.ofType(Presence.Type.subscribe, presences.domain(), bare));
        outbox.send(currentPresence(bare));
    }

    private Presence currentPresence(JID to) {
        if (legacy == null || sink == null) {
            return presences.unavailable(to, "");
        }
        return presences.forState(to, sink.state(), "");
    }

    /** XEP-0100 section 4.8: a message to a legacy contact; failures come back as error messages (X9). */
    void onMessage(Message message, LegacyAddress to, Set<Capability> capabilities) {
        String body = message.getBody();
        Optional<ChatState> chatState = chatState(message);
        if (body == null) {
            if (chatState.isPresent() && capabilities.contains(Capability.CHAT_STATES) && isConnected()) {
                try {
                    legacy.sendChatState(to, chatState.get());
                } catch (LegacyException e) {
                    // XEP-0085 notifications are advisory: a lost one is not worth an error to the user.
                    LOG.debug("chat state not forwarded: {}", e.getMessage());
                }
            }
            return;
        }
        try {
            if (!isConnected()) {
                throw new NotConnectedException(legacy == null
                        ? "You are not logged in to the gateway: send it your presence first."
                        : "The gateway is not connected to the network yet; the message was not sent.");
            }
            boolean receipt = message.getChildElement("request", GatewaySink.RECEIPTS) != null;
            String id = message.getID() == null ? "" : message.getID();
            legacy.sendMessage(new OutgoingMessage(id, to, body, receipt));
            counters.messageToLegacy();
            if (chatState.isPresent() && chatState.get() != ChatState.ACTIVE
                    && capabilities.contains(Capability.CHAT_STATES)) {
                legacy.sendChatState(to, chatState.get());
            }
        } catch (LegacyException e) {
            outbox.sendError(ErrorReplies.replyTo(message, LegacyErrors.of(e)));
        } catch (RuntimeException e) {
            LOG.error("the bridge failed to send a message", e);
            outbox.sendError(ErrorReplies.replyTo(message,
                    StanzaError.of(PacketError.Condition.internal_server_error)));
        }
    }

    /** C2 graceful shutdown: close the legacy session and tell an online user the gateway is gone. */
    void shutdown() {
        end("The gateway is shutting down.");
    }

    /**
     * End the user's session for a reason of the gateway's (shutdown, unregistration - THREATS G6): close the
     * legacy session and, if the user is online, send unavailable presence with {@code reason} as status. The
     * user's next available presence logs in again (if they are still registered).
     */
    void end(String reason) {
        retries.cancel();
        joinKeys.clear();
        boolean hadSession = legacy != null;
        closeLegacy(true, reason);
        if (isOnline()) {
            resources.clear();
            counters.userOffline();
            // XEP-0100 section 6 (business rules): on shutdown the gateway sends unavailable presence.
            outbox.send(presences.unavailable(user, reason));
            onlineChanged.run();
        } else if (hadSession) {
            outbox.send(presences.unavailable(user, reason));
        }
    }

    private boolean isConnected() {
        return legacy != null && sink != null && sink.state() == ConnectionState.CONNECTED;
    }

    private void closeLegacy(boolean shutdown, String reason) {
        rooms.sessionEnded(shutdown, reason);
        if (legacy == null) {
            return;
        }
        sink.close();
        try {
            legacy.close();
        } catch (RuntimeException e) {
            LOG.warn("the bridge failed to close a session", e);
        }
        legacy = null;
        counters.sessionClosed();
    }

    // ------------------------------------------------------------------ rooms (XEP-0045)

    /** Presence from one of the user's resources to a room or occupant JID. */
    void onRoomPresence(Presence presence, LegacyAddress room) {
        if (!capabilities.contains(Capability.ROOMS)) {
            if (presence.getType() == null) {
                outbox.sendError(ErrorReplies.replyTo(presence, StanzaError.of(
                        PacketError.Condition.feature_not_implemented, "this network has no rooms")));
            }
            return;
        }
        noteJoinKey(presence);
        rooms.onPresence(presence, room);
    }

    /**
     * A join (XEP-0045 section 7.2.1: available presence with {@code <x/>}) to a room the user is not in yet: its
     * {@code <password/>} (section 7.2.6) is the room's key from now on, kept for {@link #roomEntered}. A join to a
     * room the user is in already changes nothing on the legacy side, so its password is ignored.
     */
    private void noteJoinKey(Presence presence) {
        Element x = presence.getChildElement("x", MucNamespaces.MUC);
        String node = presence.getTo().getNode();
        if (presence.getType() != null || x == null || node == null
                || rooms.joinedRooms().containsKey(presence.getTo().asBareJID())) {
            return;
        }
        String password = x.elementText("password");
        if (password == null || password.isEmpty()) {
            joinKeys.remove(node);
        } else {
            joinKeys.put(node, Secret.of(password));
        }
    }

    /** A message from one of the user's resources to a room or occupant JID. */
    void onRoomMessage(Message message, LegacyAddress room) {
        if (!capabilities.contains(Capability.ROOMS)) {
            outbox.sendError(ErrorReplies.replyTo(message, StanzaError.of(
                    PacketError.Condition.feature_not_implemented, "this network has no rooms")));
            return;
        }
        rooms.onMessage(message, room);
    }

    /**
     * A guest's room listing: through the guest's session, opened now with their JID's local part as the nick
     * when they have none (their rooms' session otherwise). A session opened for a listing lingers for
     * {@link #GUEST_LISTING_LINGER}, so that the next pages (XEP-0059) need no new log-in, and then closes unless
     * the guest entered a room meanwhile.
     */
    void listAsGuest(RoomQuery listing, CompletableFuture<IQ> answer) {
        try {
            if (legacy == null) {
                // The local part as the user wrote it (XEP-0106 escapes undone): "ben\20volio" is "ben volio".
                String nick = user.getNode() == null ? "" : JID.unescapeNode(user.getNode());
                registration = bridge.guestRegistration(user.toBareJID(), nick);
            }
            openSession();
        } catch (LegacyException e) {
            LOG.debug("a guest's nick for a listing was refused: {}", e.getMessage());
            answer.completeExceptionally(new StanzaErrorException(LegacyErrors.of(e)));
            return;
        } catch (StanzaErrorException e) {
            answer.completeExceptionally(e);
            return;
        } catch (RuntimeException e) {
            LOG.error("the bridge failed to make a guest registration", e);
            answer.completeExceptionally(new StanzaErrorException(
                    StanzaError.of(PacketError.Condition.internal_server_error)));
            return;
        }
        askRooms(listing, answer);
        if (rooms.isEmpty()) {
            Object token = new Object();
            listingLinger = token;
            timer.accept(GUEST_LISTING_LINGER, () -> {
                if (listingLinger == token) {
                    listingLinger = null;
                    roomsChanged();
                }
            });
        }
    }

    /** An IQ answered from the user's rooms; {@code answer} completes with the reply or the failure. */
    void askRooms(RoomQuery query, CompletableFuture<IQ> answer) {
        try {
            answer.complete(query.answer(rooms));
        } catch (Exception e) {
            answer.completeExceptionally(e);
        }
    }

    /**
     * A room fact from the bridge, run on the actor. Facts from a sink that is no longer the session's (an old,
     * closed session) are dropped: they describe a connection that is gone.
     */
    void onRoomFact(GatewaySink from, Consumer<UserRooms> fact) {
        if (from != sink || from.isClosed()) {
            LOG.debug("room event of a closed session dropped");
            counters.dropped();
            return;
        }
        fact.accept(rooms);
    }

    @Override
    public LegacySession openSession() throws StanzaErrorException {
        if (legacy != null && sink.state() == ConnectionState.FAILED) {
            closeLegacy(false, "The connection to the network was lost.");
        }
        if (legacy != null) {
            return legacy;
        }
        if (System.nanoTime() - retryNotBefore < 0) {
            throw new StanzaErrorException(new StanzaError(PacketError.Condition.remote_server_not_found,
                    PacketError.Type.wait, "logging in to the network failed a moment ago; try again later"));
        }
        Optional<StanzaError> failure = logIn();
        if (failure.isPresent()) {
            StanzaError e = failure.get();
            outbox.send(presences.unavailable(user, e.text()));
            throw new StanzaErrorException(e);
        }
        return legacy;
    }

    @Override
    public Optional<LegacySession> session() {
        return Optional.ofNullable(legacy);
    }

    @Override
    public void roomsChanged() {
        if (legacy != null && resources.isEmpty() && rooms.isEmpty() && !keepOpen) {
            // Out of the last room and offline to the gateway: log out (XEP-0100 section 4.5, the same as the
            // last unavailable presence).
            closeLegacy(false, "");
            if (!guest) {
                // a guest never saw the gateway's presence (they are not subscribed to it)
                outbox.send(presences.unavailable(user, ""));
            }
        }
    }

    @Override
    public boolean keepsRoomWhenLeft(JID resource) {
        return keepOpen && !resources.contains(resource);
    }

    @Override
    public void roomEntered(JID room, String nick, boolean requested) {
        String node = room.getNode();
        if (!keepOpen || node == null || !requested && !saved.rooms().containsKey(node)) {
            return;
        }
        // The key of the user's own join; a join answered from the restored state sent none, so the remembered
        // key stays.
        Optional<Secret> key = Optional.ofNullable(joinKeys.get(node)).or(() -> saved.key(node));
        remember(saved.with(node, nick, key));
    }

    @Override
    public void roomForgotten(JID room) {
        if (room.getNode() != null) {
            joinKeys.remove(room.getNode());
            // The room and its key both go (THREATS G6: no secret kept for a room the user left).
            remember(saved.without(room.getNode()));
        }
    }

    @Override
    public void schedule(Duration delay, Runnable onActor) {
        timer.accept(delay, onActor);
    }

    private static Optional<ChatState> chatState(Message message) {
        for (Element child : message.getElement().elements()) {
            if (GatewaySink.CHAT_STATES.equals(child.getNamespaceURI())) {
                try {
                    return Optional.of(ChatState.valueOf(child.getName().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
