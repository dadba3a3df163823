package im.switchboard.core.session;

import im.switchboard.core.GatewaySettings;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.history.InMemoryRoomHistory;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.muc.RoomQuery;
import im.switchboard.core.muc.UserRooms;
import im.switchboard.core.register.UserSessions;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.routing.UserTraffic;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.stats.Counters;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * The users of one component: one {@link UserActor} and one {@link UserSession} per normalised bare JID
 * (THREATS G8). Implements the router's {@link UserTraffic}: everything a user sends is posted to their actor,
 * and a full mailbox is refused (THREATS X11), so a flooding user never delays anyone else.
 */
public final class SessionManager implements UserTraffic, UserSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    private final class Entry {
        private final String key;
        private final UserActor actor;
        private final UserSession session;

        private Entry(Registration registration) {
            this(registration, false);
        }

        private Entry(Registration registration, boolean guest) {
            this.key = registration.user();
            this.actor = new UserActor(key, settings.mailboxCapacity(), settings.actorIdleTimeout());
            this.session = new UserSession(registration, guest, bridge,
                    user -> new GatewaySink(user, contacts, capabilities, presences, outbox, counters,
                            this::postRoomFact, () -> online.contains(key)),
                    presences, outbox, counters, this::onlineChanged, contacts, history,
                    settings.rooms().joinTimeout(), this::later, roomMemory, loginBackoff);
        }

        /**
         * Runs {@code task} on this user's actor after {@code delay} ({@link DelayedTasks}); dropped when the
         * gateway is shutting down, when the user is no longer registered (a log-in retry must not use deleted
         * credentials, THREATS G6), or when the mailbox is full (the task is a deadline check or a retry that
         * finds nothing to do then, or that the next presence replaces).
         */
        private void later(Duration delay, Runnable task) {
            timer.schedule(delay, () -> {
                if (!closed && !actor.offer(() -> {
                    if (closed) {
                        return;
                    }
                    if (!session.isGuest() && !stillRegistered.test(key)) {
                        LOG.debug("a timed task of {} not run: no longer registered", key);
                        return;
                    }
                    task.run();
                    if (session.isGuest() && !session.hasSession() && actor.pending() == 0) {
                        // A guest whose last session ended in a timed task (a listing's session closing) leaves
                        // no state behind, as after their last room.
                        entries.remove(key, this);
                    }
                })) {
                    LOG.info("a timed task of {} was dropped: the mailbox is full", key);
                }
            });
        }

        /**
         * A room fact from a legacy thread, posted to the actor (room state lives there). Waits at most the
         * backpressure timeout for room in the mailbox, which slows the legacy socket down (CONVENTIONS:
         * backpressure); a fact that still finds no room is counted and logged, never silently lost.
         */
        private void postRoomFact(GatewaySink sink, Consumer<UserRooms> fact) {
            boolean accepted;
            try {
                accepted = actor.post(() -> session.onRoomFact(sink, fact), settings.backpressureTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                accepted = false;
            }
            if (!accepted) {
                counters.dropped();
                LOG.warn("a room event for {} was dropped: the mailbox stayed full", key);
            }
        }

        private void onlineChanged() {
            if (session.isOnline()) {
                online.add(key);
            } else {
                online.remove(key);
            }
        }
    }

    /**
     * Runs a task once after a delay, on a thread of its own (the deadlines of room joins; the task only posts to
     * a user's actor). Thread-safe.
     */
    @FunctionalInterface
    public interface DelayedTasks {
        void schedule(Duration delay, Runnable task);

        /** The production runner: one parked virtual thread per task (a few hundred bytes while it waits). */
        static DelayedTasks virtualThreads() {
            return (delay, task) -> Thread.ofVirtual().name("user-timer").start(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                task.run();
            });
        }
    }

    private final Bridge bridge;
    private final DelayedTasks timer;
    private final Set<Capability> capabilities;
    private final GatewaySettings settings;
    private final ContactJids contacts;
    private final GatewayPresences presences;
    private final Outbox outbox;
    private final Counters counters;
    private final RoomHistory history;
    private final RoomMemory roomMemory;
    private final RetryBackoff loginBackoff;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> online = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Whether a user is registered now (the store's memory): checked on the actor before work runs. */
    private final Predicate<String> stillRegistered;

    private SessionManager(Builder b) {
        this.bridge = Objects.requireNonNull(b.bridge, "bridge");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.contacts = Objects.requireNonNull(b.contacts, "contacts");
        this.presences = Objects.requireNonNull(b.presences, "presences");
        this.outbox = Objects.requireNonNull(b.outbox, "outbox");
        this.counters = Objects.requireNonNull(b.counters, "counters");
        this.stillRegistered = Objects.requireNonNull(b.stillRegistered, "stillRegistered");
        this.history = Objects.requireNonNull(b.history, "history");
        this.roomMemory = Objects.requireNonNull(b.roomMemory, "roomMemory");
        this.timer = Objects.requireNonNull(b.timer, "timer");
        this.loginBackoff = Objects.requireNonNull(b.loginBackoff, "loginBackoff");
        this.capabilities = Set.copyOf(bridge.capabilities());
    }

    /**
     * A builder for the sessions of {@code bridge}. {@link Builder#presences}, {@link Builder#outbox} and
     * {@link Builder#stillRegistered} must be given; the rest has defaults.
     */
    public static Builder builder(Bridge bridge, GatewaySettings settings) {
        return new Builder(bridge, settings);
    }

    /** What a {@link SessionManager} works with. Not thread-safe; build once. */
    public static final class Builder {
        private final Bridge bridge;
        private final GatewaySettings settings;
        private ContactJids contacts;
        private GatewayPresences presences;
        private Outbox outbox;
        private Counters counters = new Counters();
        private Predicate<String> stillRegistered;
        private RoomHistory history;
        private RoomMemory roomMemory = RoomMemory.NONE;
        private DelayedTasks timer = DelayedTasks.virtualThreads();
        private RetryBackoff loginBackoff = RetryBackoff.KEPT_OPEN_LOGIN;

        private Builder(Bridge bridge, GatewaySettings settings) {
            this.bridge = Objects.requireNonNull(bridge, "bridge");
            this.settings = Objects.requireNonNull(settings, "settings");
            this.contacts = new ContactJids(settings.domain(), bridge.addressCodec());
        }

        /** The JIDs of legacy entities (default: the settings' domain with the bridge's codec). */
        public Builder contacts(ContactJids value) {
            this.contacts = value;
            return this;
        }

        /** The gateway's own presences (required). */
        public Builder presences(GatewayPresences value) {
            this.presences = value;
            return this;
        }

        /** Where stanzas to users go (required). */
        public Builder outbox(Outbox value) {
            this.outbox = value;
            return this;
        }

        /** The gateway's counters (default: counters of its own). */
        public Builder counters(Counters value) {
            this.counters = value;
            return this;
        }

        /**
         * Whether a user is registered now, from the store's memory (required): checked on the actor before a
         * registered user's work and timed tasks run (THREATS G6).
         */
        public Builder stillRegistered(Predicate<String> value) {
            this.stillRegistered = value;
            return this;
        }

        /** The room history that joins replay, XEP-0045 section 7.2.14 (default: in memory). */
        public Builder history(RoomHistory value) {
            this.history = value;
            return this;
        }

        /**
         * Where kept-open sessions remember their rooms across restarts ({@link Bridge#keepsSessionOpen}; default:
         * nowhere).
         */
        public Builder roomMemory(RoomMemory value) {
            this.roomMemory = value;
            return this;
        }

        /** The runner of delayed tasks (default: parked virtual threads; tests drive it by hand). */
        public Builder timer(DelayedTasks value) {
            this.timer = value;
            return this;
        }

        /** The backoff of always-on log-in retries (default {@link RetryBackoff#KEPT_OPEN_LOGIN}). */
        public Builder loginBackoff(RetryBackoff value) {
            this.loginBackoff = value;
            return this;
        }

        /** The session manager; fails when a required part is missing. */
        public SessionManager build() {
            if (history == null) {
                history = new InMemoryRoomHistory();
            }
            return new SessionManager(this);
        }
    }

    @Override
    public boolean offerMessage(Registration user, Message message, LegacyAddress to) {
        return post(user, session -> session.onMessage(message, to, capabilities), presenceReserve());
    }

    @Override
    public boolean offerPresence(Registration user, Presence presence, Optional<LegacyAddress> contact) {
        return post(user, session -> session.onPresence(presence, contact), 0);
    }

    @Override
    public boolean offerRoomMessage(Registration user, Message message, LegacyAddress room) {
        return post(user, session -> session.onRoomMessage(message, room), presenceReserve());
    }

    @Override
    public boolean offerRoomPresence(Registration user, Presence presence, LegacyAddress room) {
        return post(user, session -> session.onRoomPresence(presence, room), 0);
    }

    /** Unregistered users may use rooms when the admin allows it and the bridge has rooms. */
    @Override
    public boolean acceptsGuests() {
        return settings.rooms().forUnregistered() && capabilities.contains(Capability.ROOMS);
    }

    @Override
    public boolean offerGuestRoomPresence(String user, Presence presence, LegacyAddress room) {
        return postGuest(user, session -> session.onGuestRoomPresence(presence, room), () -> { }, 0);
    }

    @Override
    public boolean offerGuestRoomMessage(String user, Message message, LegacyAddress room) {
        return postGuest(user, session -> session.onRoomMessage(message, room), () -> { }, presenceReserve());
    }

    /**
     * An unregistered user's room IQ (XEP-0410 self-ping, muc#admin) answered on their actor; empty when
     * unregistered users may not use rooms (the caller answers {@code registration-required}).
     */
    public Optional<CompletableFuture<IQ>> askGuestRooms(String user, RoomQuery query) {
        if (!acceptsGuests()) {
            return Optional.empty();
        }
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        Runnable refused = () -> answer.completeExceptionally(new StanzaErrorException(new StanzaError(
                PacketError.Condition.resource_constraint, PacketError.Type.wait,
                "too many requests in progress; try again later")));
        if (!postGuest(user, session -> session.askRooms(query, answer), refused, presenceReserve())) {
            refused.run();
        }
        return Optional.of(answer);
    }

    /**
     * An unregistered user's room listing (XEP-0045 section 6.3), answered on their actor through their guest
     * session, which is opened for it when they have none ({@link Bridge#guestRegistration} with their JID's
     * local part as the nick, as Biboumi uses it); empty when unregistered users may not use rooms or the bridge
     * lists none (the caller answers {@code registration-required}).
     */
    public Optional<CompletableFuture<IQ>> listGuestRooms(String user, RoomQuery listing) {
        if (!acceptsGuests() || !capabilities.contains(Capability.ROOM_LIST)) {
            return Optional.empty();
        }
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        Runnable refused = () -> answer.completeExceptionally(new StanzaErrorException(new StanzaError(
                PacketError.Condition.resource_constraint, PacketError.Type.wait,
                "too many requests in progress; try again later")));
        if (!postGuest(user, session -> session.listAsGuest(listing, answer), refused, presenceReserve())) {
            refused.run();
        }
        return Optional.of(answer);
    }

    /**
     * Work for an unregistered user's rooms, on an entry that starts with an empty registration and never holds a
     * stored one (the session's registration comes from {@link Bridge#guestRegistration} at the first join). An
     * entry whose session ended and which has nothing queued is forgotten, so guests leave no state behind.
     */
    private boolean postGuest(String user, Consumer<UserSession> work, Runnable skipped, int reserve) {
        if (closed || !acceptsGuests()) {
            return false;
        }
        Entry entry = entries.computeIfAbsent(user, key -> new Entry(new Registration(key, Map.of()), true));
        if (reserve > 0 && entry.actor.pending() >= settings.mailboxCapacity() - reserve) {
            counters.refusedFull();
            return false;
        }
        boolean accepted = entry.actor.offer(() -> {
            if (closed) {
                skipped.run();
                return;
            }
            if (!entry.session.isGuest()) {
                // Raced with an unregistration: this entry belongs to the registered user who just left.
                LOG.debug("room stanza of {} not handled: the user was registered a moment ago", user);
                skipped.run();
                return;
            }
            work.accept(entry.session);
            if (!entry.session.hasSession() && entry.actor.pending() == 0) {
                entries.remove(user, entry);
            }
        });
        if (!accepted) {
            counters.refusedFull();
        }
        return accepted;
    }

    /**
     * Answer an IQ from the user's room state, on their actor (XEP-0410 self-ping, XEP-0045 admin requests, room
     * listings). A full mailbox fails the answer with {@code resource-constraint} (THREATS X11).
     */
    public CompletableFuture<IQ> askRooms(Registration user, RoomQuery query) {
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        if (!post(user, session -> session.askRooms(query, answer), presenceReserve())) {
            answer.completeExceptionally(new StanzaErrorException(new StanzaError(
                    PacketError.Condition.resource_constraint, PacketError.Type.wait,
                    "too many requests in progress; try again later")));
        }
        return answer;
    }

    /**
     * Mailbox slots that messages may not take: a user who floods messages still gets their presence through, so
     * that their last unavailable presence closes the legacy session (THREATS X11, C3).
     */
    private int presenceReserve() {
        return settings.mailboxCapacity() >= 8 ? settings.mailboxCapacity() / 8 : 0;
    }

    private boolean post(Registration user, Consumer<UserSession> work, int reserve) {
        if (closed) {
            // Refused, so that the sender hears of it (THREATS X9) rather than losing it silently.
            LOG.debug("stanza of {} refused: the gateway is shutting down", user.user());
            return false;
        }
        Entry entry = entries.computeIfAbsent(user.user(), key -> new Entry(user));
        if (reserve > 0 && entry.actor.pending() >= settings.mailboxCapacity() - reserve) {
            counters.refusedFull();
            LOG.info("mailbox of {} is nearly full; message refused", user.user());
            return false;
        }
        boolean accepted = entry.actor.offer(() -> {
            if (closed) {
                // Raced with closeAll: after the shutdown began nothing may open a legacy session again (C2).
                LOG.debug("stanza of {} not handled: the gateway is shutting down", user.user());
                return;
            }
            if (!stillRegistered.test(user.user())) {
                // Routed just before an unregistration deleted the user: their deleted credentials must not open a
                // session again (THREATS G6).
                LOG.debug("stanza of {} not handled: no longer registered", user.user());
                return;
            }
            entry.session.refresh(user);
            work.accept(entry.session);
        });
        if (!accepted) {
            counters.refusedFull();
            LOG.info("mailbox of {} is full; stanza refused", user.user());
        }
        return accepted;
    }

    /**
     * Open and connect the session of every registration the bridge keeps open ({@link Bridge#keepsSessionOpen}),
     * with the rooms it remembers, whether the user is online or not (always-on: a gateway restart brings the
     * connections and rooms back). Posted to each user's actor; never blocks.
     *
     * @return how many sessions were asked to open
     */
    public int openKeptSessions(List<Registration> registrations) {
        int opened = 0;
        for (Registration registration : registrations) {
            if (UserSession.keepsOpen(bridge, registration)
                    && post(registration, UserSession::reevaluate, presenceReserve())) {
                opened++;
            }
        }
        if (opened > 0) {
            LOG.info("opening {} always-on sessions", opened);
        }
        return opened;
    }

    /**
     * The user's registration was stored anew (a re-registration, a settings command, remembered rooms): posted
     * to their actor after the stanzas already routed, where an open legacy session hears of it
     * ({@link UserSession#refresh}) and whether the session is kept open is decided again. Never blocks; a full
     * mailbox loses nothing, the next stanza of the user carries the stored registration too.
     */
    @Override
    public void registrationChanged(Registration registration) {
        if (entries.containsKey(registration.user()) || UserSession.keepsOpen(bridge, registration)) {
            post(registration, UserSession::reevaluate, 0);
        }
    }

    /**
     * End a user's session from the gateway's side (for example after unregistration, THREATS G6): posted to the
     * user's actor, so it happens after the stanzas the user already sent. Waits for room in a full mailbox (at
     * most the shutdown timeout), so call it off the link's reader thread. {@code false} when the user has no
     * actor, or the mailbox stayed full.
     */
    @Override
    public boolean endSession(String user, String reason) {
        Entry entry = entries.get(user);
        if (entry == null || closed) {
            return false;
        }
        Runnable end = () -> {
            entry.session.end(reason);
            // The user is gone (unregistered): forget the entry, and with it the registration and its secrets
            // (THREATS G6, C3). A stanza already routed to this entry finds an ended session; the next one
            // starts a new entry.
            entries.remove(user, entry);
        };
        // Never dropped for a full mailbox: the caller is off the reader thread (registration, commands), so it may
        // wait for room, bounded by the shutdown timeout (THREATS G6: an unregistered user's session must end).
        boolean accepted;
        try {
            accepted = entry.actor.offer(end, settings.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            accepted = false;
        }
        if (!accepted) {
            counters.refusedFull();
            LOG.warn("could not end the session of {}: its mailbox stayed full for {}", user,
                    settings.shutdownTimeout());
        }
        return accepted;
    }

    /** The normalised bare JIDs of the users with at least one available resource. */
    public Set<String> onlineUsers() {
        return Set.copyOf(online);
    }

    /** Users whose actor thread is running now (idle actors have none). */
    public int runningActors() {
        return (int) entries.values().stream().filter(e -> e.actor.isRunning()).count();
    }

    /**
     * C2 graceful shutdown: refuse new work, then let every actor close its legacy session and send unavailable
     * presence, waiting at most {@code timeout} in total. Users whose actor did not finish in time still get
     * unavailable presence. Idempotent.
     */
    public void closeAll(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        List<Entry> all = List.copyOf(entries.values());
        CountDownLatch done = new CountDownLatch(all.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Entry entry : all) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!entry.actor.offer(() -> shutdown(entry, done), left)) {
                    LOG.warn("actor of {} did not take the shutdown in time", entry.key);
                    done.countDown();
                }
            }
            if (!done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("some user actors did not finish shutting down in {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String user : online) {
            outbox.send(presences.unavailable(new JID(user), "The gateway is shutting down."));
        }
    }

    private static void shutdown(Entry entry, CountDownLatch done) {
        try {
            entry.session.shutdown();
        } finally {
            done.countDown();
        }
    }
}
