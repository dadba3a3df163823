package im.switchboard.core.register;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.session.GatewayPresences;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import im.switchboard.registration.RegistrationStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * Registers and unregisters users of one bridge (XEP-0077; XEP-0100 sections 4.1 and 4.3).
 *
 * <p>Threading: the public methods are called on the link's reader thread and never block there. The form
 * checks (THREATS G1) and the rate limit run at once; the bridge's validation (which may log in to the legacy
 * network) and every store write run on {@code executor} (virtual threads), and the returned future completes
 * from there. Registration values and secrets are never logged (THREATS G3).
 */
public final class Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final Bridge bridge;
    private final RegistrationStore store;
    private final RateLimiter limiter;
    private final GatewayPresences presences;
    private final Consumer<Packet> out;
    private final UserSessions sessions;
    private final Executor executor;
    private final Duration validationTimeout;
    private final Consumer<Registration> saved;
    private final ConcurrentMap<String, ReentrantLock> userLocks = new ConcurrentHashMap<>();

    /**
     * @param bridge    the bridge whose form and validation apply
     * @param store     where registrations live
     * @param limiter   the registration rate limits
     * @param presences builds the gateway's presences
     * @param out       sends a stanza to the server
     * @param sessions  ends a user's legacy session
     * @param executor  runs the bridge validation and the store writes (never the reader thread)
     * @param validationTimeout how long a registration may take before it is given up and not stored; shorter
     *                  than the IQ timeout, so that the requester's answer and the stored state agree
     */
    public Registrar(Bridge bridge, RegistrationStore store, RateLimiter limiter, GatewayPresences presences,
            Consumer<Packet> out, UserSessions sessions, Executor executor, Duration validationTimeout) {
        this(bridge, store, limiter, presences, out, sessions, executor, validationTimeout, registration -> {
        });
    }

    /**
     * As above, with {@code saved} told of every registration stored (a registration, an update, an amendment),
     * after the store write and still under the user's lock, so the notifications of one user come in order.
     * It must not block.
     */
    public Registrar(Bridge bridge, RegistrationStore store, RateLimiter limiter, GatewayPresences presences,
            Consumer<Packet> out, UserSessions sessions, Executor executor, Duration validationTimeout,
            Consumer<Registration> saved) {
        this.saved = Objects.requireNonNull(saved, "saved");
        this.bridge = Objects.requireNonNull(bridge, "bridge");
        this.store = Objects.requireNonNull(store, "store");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.presences = Objects.requireNonNull(presences, "presences");
        this.out = Objects.requireNonNull(out, "out");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.validationTimeout = Objects.requireNonNull(validationTimeout, "validationTimeout");
    }

    /** The bridge's registration form. */
    public RegistrationForm form() {
        return bridge.registrationForm();
    }

    /** The user's registration (from the store's memory). */
    public Optional<Registration> find(String user) {
        return store.find(user);
    }

    /** Every registration. */
    public List<Registration> all() {
        return store.all();
    }

    /**
     * Register {@code user}, or update their registration, with the submitted values.
     *
     * <p>The future fails with a {@link StanzaErrorException} ({@code resource-constraint} when rate-limited,
     * {@code not-acceptable} for a value the form refuses) or with the bridge's {@link LegacyException}; nothing
     * is stored then. On success the registration is stored atomically (THREATS G5) and a new user gets a
     * {@code subscribe} from the gateway (XEP-0100 section 4.1, step 8).
     */
    public CompletableFuture<Registration> register(String user, Map<String, List<String>> submitted) {
        if (!limiter.tryAcquire(user)) {
            LOG.info("registration attempt of {} refused: rate limit", user);
            return CompletableFuture.failedFuture(new StanzaErrorException(new StanzaError(
                    PacketError.Condition.resource_constraint, PacketError.Type.wait,
                    "too many registration attempts; try again later")));
        }
        long deadline = System.nanoTime() + validationTimeout.toNanos();
        return CompletableFuture.supplyAsync(() -> serialised(user, () -> {
            // Read, validate and save under the user's lock: two updates, or an update and an unregistration,
            // never interleave, so none restores what the other changed or deleted (THREATS G5, G6).
            Optional<Registration> existing = store.find(user);
            Registration candidate;
            try {
                candidate = new FormValidator(form()).candidate(user, submitted, existing);
            } catch (StanzaErrorException e) {
                throw new CompletionException(e);
            }
            return validateAndSave(candidate, existing.isEmpty(), deadline);
        }), executor);
    }

    private Registration validateAndSave(Registration candidate, boolean isNew, long deadline) {
        try {
            bridge.validateRegistration(candidate);
        } catch (AuthenticationFailedException | InvalidAddressException e) {
            // XEP-0100 section 4.1, alternate flow A1: the gateway answers not-acceptable when the legacy
            // service refuses what the user entered.
            LOG.info("the bridge refused the registration of {}: {}", candidate.user(), e.getClass().getSimpleName());
            throw new CompletionException(new StanzaErrorException(new StanzaError(
                    PacketError.Condition.not_acceptable, PacketError.Type.modify, e.getMessage())));
        } catch (LegacyException e) {
            LOG.info("the bridge refused the registration of {}: {}", candidate.user(), e.getClass().getSimpleName());
            throw new CompletionException(e);
        }
        if (System.nanoTime() - deadline > 0) {
            // The requester has been told the request took too long; storing now would contradict that (X9).
            LOG.info("registration of {} validated too late; not stored", candidate.user());
            throw new CompletionException(new TransientFailureException(
                    "the legacy network took too long to check the registration; try again"));
        }
        store.save(candidate);
        saved.accept(candidate);
        LOG.info("{} {}", candidate.user(), isNew ? "registered" : "updated their registration");
        if (!isNew) {
            // An open session uses the new values from now on (for example at its next connection).
            sessions.registrationChanged(candidate);
        }
        if (isNew) {
            // XEP-0100 section 4.1 step 8: the gateway asks for a subscription to the user's presence, which is
            // what later logs them in (section 4.4).
            out.accept(presences.ofType(Presence.Type.subscribe, presences.domain(), new JID(candidate.user())));
        }
        return candidate;
    }

    /**
     * Unregister {@code user} (XEP-0100 section 4.3; THREATS G6): the registration and its secrets are deleted,
     * the legacy session is closed, and the gateway cancels the subscriptions both ways and goes unavailable for
     * the user. The future completes with {@code false} when the user was not registered (nothing is sent then).
     */
    public CompletableFuture<Boolean> unregister(String user, String reason) {
        return CompletableFuture.supplyAsync(() -> serialised(user, () -> {
            if (!store.remove(user)) {
                return false;
            }
            // Removed first: from now on the router treats the user as unregistered, so no new session can open.
            sessions.endSession(user, reason);
            JID to = new JID(user);
            out.accept(presences.ofType(Presence.Type.unsubscribe, presences.domain(), to));
            out.accept(presences.ofType(Presence.Type.unsubscribed, presences.domain(), to));
            out.accept(presences.unavailable(to, reason));
            LOG.info("{} unregistered", user);
            return true;
        }), executor);
    }

    /** A change of a registered user's registration, computed from the stored one (an XEP-0050 bridge command). */
    @FunctionalInterface
    public interface Update {
        /**
         * @return the registration to store, for the same user
         * @throws LegacyException to refuse; nothing is stored then
         */
        Registration apply(Registration current) throws LegacyException;
    }

    /**
     * Change a registered user's registration with {@code update}, serialised with their registrations, updates
     * and unregistration (the same per-user lock, THREATS G5, G6), on {@code executor}, and store the result
     * atomically.
     *
     * <p>The future fails with a {@link StanzaErrorException} ({@code resource-constraint} when rate-limited
     * like registrations, {@code forbidden} when the user is not registered, or no longer is when the lock is
     * taken) or with the update's {@link LegacyException}; nothing is stored then.
     */
    public CompletableFuture<Registration> update(String user, Update update) {
        Objects.requireNonNull(update, "update");
        if (!limiter.tryAcquire(user)) {
            return CompletableFuture.failedFuture(new StanzaErrorException(new StanzaError(
                    PacketError.Condition.resource_constraint, PacketError.Type.wait,
                    "too many changes; try again later")));
        }
        return CompletableFuture.supplyAsync(() -> serialised(user, () -> {
            Registration current = store.find(user).orElseThrow(() -> new CompletionException(
                    new StanzaErrorException(StanzaError.of(PacketError.Condition.forbidden,
                            "you are not registered"))));
            Registration next;
            try {
                next = update.apply(current);
            } catch (LegacyException e) {
                LOG.info("the bridge refused a settings change of {}: {}", user, e.getClass().getSimpleName());
                throw new CompletionException(e);
            }
            if (!user.equals(next.user())) {
                throw new IllegalStateException("a settings change of " + user + " returned another user's "
                        + "registration");
            }
            store.save(next);
            saved.accept(next);
            LOG.info("{} changed their settings", user);
            // An open session uses the new settings from now on (for example at its next connection).
            sessions.registrationChanged(next);
            return next;
        }), executor);
    }

    /**
     * A change the gateway makes to a registration on its own (for example the rooms an always-on session
     * remembers): serialised with the user's registrations, updates and unregistration like {@link #update}, but
     * not rate-limited (the user did not ask). Completes with the stored registration, or empty when the user is
     * not registered (nothing is stored then) or the update changes nothing.
     */
    public CompletableFuture<Optional<Registration>> amend(String user, UnaryOperator<Registration> update) {
        Objects.requireNonNull(update, "update");
        return CompletableFuture.supplyAsync(() -> serialised(user, () -> {
            Optional<Registration> current = store.find(user);
            if (current.isEmpty()) {
                return Optional.<Registration>empty();
            }
            Registration next = update.apply(current.get());
            if (!user.equals(next.user())) {
                throw new IllegalStateException("an amendment of " + user + " returned another user's registration");
            }
            if (next.equals(current.get())) {
                return Optional.<Registration>empty();
            }
            store.save(next);
            saved.accept(next);
            LOG.debug("the gateway amended the registration of {}", user);
            return Optional.of(next);
        }), executor);
    }

    /** Run {@code work} holding the user's registration lock; locks of idle users are dropped afterwards. */
    private <T> T serialised(String user, Supplier<T> work) {
        ReentrantLock lock = userLocks.computeIfAbsent(user, key -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) {
                userLocks.remove(user, lock);
            }
        }
    }
}
