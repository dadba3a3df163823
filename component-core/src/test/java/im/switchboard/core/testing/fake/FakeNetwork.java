package im.switchboard.core.testing.fake;

import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.RecipientUnavailableException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An in-memory legacy network: named fake users, gateway users logged in through {@link FakeBridge} sessions,
 * and messages between them. Thread-safe; every wait has a deadline.
 *
 * <ul>
 * <li>Messages a gateway user sends are recorded per fake recipient ({@link #awaitReceived}).</li>
 * <li>A fake user sends to a gateway user with {@link #send}, or a chat state with {@link #sendChatState}.</li>
 * <li>The fake user {@value #ECHO} answers every message with the same text.</li>
 * <li>Failures: an offline or unknown recipient gives {@link RecipientUnavailableException}; a gateway user in
 *     {@link #rejectLogin} gets {@link AuthenticationFailedException}; {@link #holdConnects()} makes logins wait
 *     until {@link #releaseConnects()} (a slow legacy server).</li>
 * </ul>
 */
public final class FakeNetwork {

    /** The fake user that echoes every message. */
    public static final String ECHO = "echo";

    /**
     * The system property that seeds {@link #shared()} with accounts, {@code name:password[,name:password...]}:
     * the only way to give accounts to the network of a gateway started as a process (the local demo).
     */
    public static final String ACCOUNTS_PROPERTY = "switchboard.fake.accounts";

    private static final FakeNetwork SHARED = withAccountsFrom(System.getProperty(ACCOUNTS_PROPERTY, ""));
    private static final Duration CONNECT_HOLD_LIMIT = Duration.ofSeconds(30);

    /** What a fake user received from a gateway user. */
    public record Received(String from, String body, String id, boolean receiptRequested) {
    }

    /** A chat state a fake user received. */
    public record ReceivedChatState(String from, ChatState state) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<String> users = new HashSet<>(Set.of(ECHO));
    private final Set<String> offline = new HashSet<>();
    private final Set<String> rejected = new HashSet<>();
    /** Per gateway user: the failures their next logins meet, in order. */
    private final Map<String, ArrayDeque<Supplier<LegacyException>>> failingLogins = new HashMap<>();
    private final Map<String, FakeSession> sessions = new HashMap<>();
    private final Map<String, List<Received>> inbox = new HashMap<>();
    private final Map<String, List<ReceivedChatState>> chatStates = new HashMap<>();
    private final List<String> logins = new ArrayList<>();
    private final Map<String, String> accounts = new HashMap<>();
    private final Map<String, String> loginUsernames = new HashMap<>();
    private final FakeRooms rooms = new FakeRooms();
    /** Per gateway user: the registration each session was opened with, then each one it was told of. */
    private final Map<String, List<Registration>> registrationsSeen = new HashMap<>();
    private boolean connectsHeld;
    private boolean history = true;

    private static FakeNetwork withAccountsFrom(String spec) {
        FakeNetwork network = new FakeNetwork();
        for (String pair : spec.split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                network.account(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
            }
        }
        return network;
    }

    /** The process-wide network that {@link FakeBridge#FakeBridge()} uses. */
    public static FakeNetwork shared() {
        return SHARED;
    }

    /**
     * Stop recording what gateway users send (for load runs such as the link benchmark, where a growing record of
     * every message would make the garbage collector, not the gateway, what is measured). {@link #awaitReceived}
     * then sees nothing new.
     */
    public FakeNetwork withoutHistory() {
        lock.lock();
        try {
            history = false;
            return this;
        } finally {
            lock.unlock();
        }
    }

    /** The network's rooms (XEP-0045 through the core). */
    public FakeRooms rooms() {
        return rooms;
    }

    /** Add fake users. */
    public FakeNetwork withUsers(String... names) {
        lock.lock();
        try {
            for (String name : names) {
                users.add(new FakeAddress(name).name());
            }
            return this;
        } finally {
            lock.unlock();
        }
    }

    /** Mark a fake user offline or online. */
    public void setOnline(String name, boolean online) {
        lock.lock();
        try {
            if (online) {
                offline.remove(name);
            } else {
                offline.add(name);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Create an account on the fake network that registrations and logins check their credentials against. */
    public FakeNetwork account(String username, String password) {
        lock.lock();
        try {
            accounts.put(username, password);
            return this;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Check credentials as a legacy server would at registration (XEP-0077 via the bridge): an unknown account or
     * a wrong password is {@link AuthenticationFailedException}.
     */
    public void checkCredentials(String username, String password) throws AuthenticationFailedException {
        lock.lock();
        try {
            String expected = accounts.get(username);
            if (expected == null || !expected.equals(password)) {
                throw new AuthenticationFailedException("Wrong user name or password for the fake network.");
            }
        } finally {
            lock.unlock();
        }
    }

    /** The legacy user name the gateway user last logged in with (empty for an account-less login). */
    public Optional<String> loginUsername(String gatewayUser) {
        lock.lock();
        try {
            return Optional.ofNullable(loginUsernames.get(gatewayUser));
        } finally {
            lock.unlock();
        }
    }

    /** Make the gateway user's logins fail with a bad password. */
    public void rejectLogin(String gatewayUser) {
        lock.lock();
        try {
            rejected.add(gatewayUser);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Make the gateway user's next {@code times} logins fail with what {@code failure} makes (the server
     * unreachable, a rate limit...); later logins go through as usual.
     */
    public void failNextLogins(String gatewayUser, int times, Supplier<LegacyException> failure) {
        lock.lock();
        try {
            ArrayDeque<Supplier<LegacyException>> queue = failingLogins.computeIfAbsent(gatewayUser,
                    k -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Make logins wait until {@link #releaseConnects()}. */
    public void holdConnects() {
        lock.lock();
        try {
            connectsHeld = true;
        } finally {
            lock.unlock();
        }
    }

    /** Let waiting and future logins proceed. */
    public void releaseConnects() {
        lock.lock();
        try {
            connectsHeld = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A fake user sends a text to a logged-in gateway user. */
    public void send(String from, String gatewayUser, String text) throws NotConnectedException {
        send(from, gatewayUser, text, Optional.empty());
    }

    /** A fake user sends a text with a legacy timestamp (becomes a XEP-0203 delay). */
    public void send(String from, String gatewayUser, String text, Optional<Instant> sentAt)
            throws NotConnectedException {
        session(gatewayUser).sink().messageReceived(
                new IncomingMessage(new FakeAddress(from), text, sentAt, Optional.empty()));
    }

    /** A fake user's typing state changes. */
    public void sendChatState(String from, String gatewayUser, ChatState state) throws NotConnectedException {
        session(gatewayUser).sink().chatStateChanged(new FakeAddress(from), state);
    }

    /** The fake network drops a gateway user's connection. */
    public void dropConnection(String gatewayUser, String detail) throws NotConnectedException {
        session(gatewayUser).sink().connectionStateChanged(ConnectionState.DISCONNECTED, detail);
    }

    /** The fake network gives up on a gateway user's connection ({@code FAILED}: no reconnect). */
    public void failConnection(String gatewayUser, String detail) throws NotConnectedException {
        session(gatewayUser).sink().connectionStateChanged(ConnectionState.FAILED, detail);
    }

    /** Whether the gateway user is logged in now. */
    /** A session of {@code gatewayUser} was opened with, or told of, {@code registration}. */
    void registrationSeen(String gatewayUser, Registration registration) {
        lock.lock();
        try {
            registrationsSeen.computeIfAbsent(gatewayUser, k -> new ArrayList<>()).add(registration);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until sessions of {@code gatewayUser} have seen {@code count} registrations; returns them in order. */
    public List<Registration> awaitRegistrationsSeen(String gatewayUser, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (registrationsSeen.getOrDefault(gatewayUser, List.of()).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("sessions of " + gatewayUser + " saw "
                            + registrationsSeen.getOrDefault(gatewayUser, List.of()) + ", not " + count);
                }
                changed.awaitNanos(left);
            }
            return List.copyOf(registrationsSeen.get(gatewayUser));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    public boolean isLoggedIn(String gatewayUser) {
        lock.lock();
        try {
            return sessions.containsKey(gatewayUser);
        } finally {
            lock.unlock();
        }
    }

    /** Every login attempt so far, by gateway user, in order. */
    public List<String> loginAttempts() {
        lock.lock();
        try {
            return List.copyOf(logins);
        } finally {
            lock.unlock();
        }
    }

    /** Wait until the gateway user's login state is {@code loggedIn}. */
    public void awaitLoggedIn(String gatewayUser, boolean loggedIn, Duration timeout) {
        awaitCondition(() -> sessions.containsKey(gatewayUser) == loggedIn, timeout,
                () -> gatewayUser + (loggedIn ? " logged in" : " logged out"));
    }

    /** What the fake user has received so far. */
    public List<Received> received(String name) {
        lock.lock();
        try {
            return List.copyOf(inbox.getOrDefault(name, List.of()));
        } finally {
            lock.unlock();
        }
    }

    /** Wait until the fake user has received at least {@code count} messages; returns them all. */
    public List<Received> awaitReceived(String name, int count, Duration timeout) {
        awaitCondition(() -> inbox.getOrDefault(name, List.of()).size() >= count, timeout,
                () -> count + " messages for " + name);
        return received(name);
    }

    /** Wait until the fake user has received at least {@code count} chat states; returns them all. */
    public List<ReceivedChatState> awaitChatStates(String name, int count, Duration timeout) {
        awaitCondition(() -> chatStates.getOrDefault(name, List.of()).size() >= count, timeout,
                () -> count + " chat states for " + name);
        lock.lock();
        try {
            return List.copyOf(chatStates.get(name));
        } finally {
            lock.unlock();
        }
    }

    /**
     * A session logs in. With credentials ({@code username} present) they must match an {@link #account}; without
     * them (a registration made before the bridge had a form, as the app's end-to-end test stores) the login is
     * account-less and accepted.
     */
    void logIn(String gatewayUser, Optional<String> username, String password, FakeSession session)
            throws LegacyException {
        long deadline = System.nanoTime() + CONNECT_HOLD_LIMIT.toNanos();
        lock.lock();
        try {
            logins.add(gatewayUser);
            changed.signalAll();
            while (connectsHeld) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TransientFailureException("the fake server did not answer");
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            if (rejected.contains(gatewayUser)) {
                throw new AuthenticationFailedException("Wrong password for the fake network.");
            }
            Supplier<LegacyException> failure = failingLogins.getOrDefault(gatewayUser, new ArrayDeque<>())
                    .poll();
            if (failure != null) {
                throw failure.get();
            }
            if (username.isPresent()) {
                String expected = accounts.get(username.get());
                if (expected == null || !expected.equals(password)) {
                    throw new AuthenticationFailedException("Wrong user name or password for the fake network.");
                }
                loginUsernames.put(gatewayUser, username.get());
            } else {
                loginUsernames.remove(gatewayUser);
            }
            sessions.put(gatewayUser, session);
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException("interrupted while logging in", e);
        } finally {
            lock.unlock();
        }
    }

    void logOut(String gatewayUser, FakeSession session) {
        lock.lock();
        try {
            sessions.remove(gatewayUser, session);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void deliver(String gatewayUser, FakeAddress to, OutgoingMessage message) throws LegacyException {
        FakeSession echoTo;
        lock.lock();
        try {
            if (!users.contains(to.name()) || offline.contains(to.name())) {
                throw new RecipientUnavailableException(to.name() + " is not online on the fake network.");
            }
            if (history) {
                inbox.computeIfAbsent(to.name(), k -> new ArrayList<>())
                        .add(new Received(gatewayUser, message.body(), message.id(), message.receiptRequested()));
                changed.signalAll();
            }
            echoTo = ECHO.equals(to.name()) ? sessions.get(gatewayUser) : null;
        } finally {
            lock.unlock();
        }
        if (echoTo != null) {
            // Outside the lock: the sink may wait briefly for the link (backpressure).
            echoTo.sink().messageReceived(IncomingMessage.of(to, message.body()));
        }
    }

    void chatState(String gatewayUser, FakeAddress to, ChatState state) {
        lock.lock();
        try {
            chatStates.computeIfAbsent(to.name(), k -> new ArrayList<>())
                    .add(new ReceivedChatState(gatewayUser, state));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private FakeSession session(String gatewayUser) throws NotConnectedException {
        lock.lock();
        try {
            FakeSession s = sessions.get(gatewayUser);
            if (s == null) {
                throw new NotConnectedException(gatewayUser + " is not logged in to the fake network");
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    private void awaitCondition(java.util.function.BooleanSupplier done, Duration timeout,
            java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + what.get());
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }
}
