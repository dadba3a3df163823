package im.switchboard.irc.session;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.core.spi.XmppSink;
import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.IrcConnectRequest;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.connection.IrcConnectionListener;
import im.switchboard.irc.connection.IrcConnector;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcLine;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.session.ConnectionStateReporter.LinkState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's presence on one IRC server: the current {@link IrcConnection} (replaced on every reconnect), the
 * {@link IrcEventTranslator} that outlives connections (it remembers the channels to rejoin), the LIST
 * collector, the CTCP responder and the reconnect state (THREATS I9).
 *
 * <h2>Threading contract</h2>
 * Several kinds of threads touch a link, so its mutable state is guarded by one {@link ReentrantLock} that is never
 * held while blocking (not while connecting, not while sending):
 * <ul>
 *   <li>the user's actor thread ({@link IrcSession}'s methods): {@link #openInBackground}, {@link #ready},
 *       {@link #queueOrReady}, {@link #connection}, {@link #close};</li>
 *   <li>the opener's thread ({@link SessionEnvironment#opener()}), which runs an on-demand connect: the actor only
 *       starts it and queues the user's operations meanwhile ({@link DeferredOperation}); the attempt sends them in
 *       order once registered, or fails each of them;</li>
 *   <li>the connection's reader thread: the {@link IrcConnectionListener} of each connection, which only feeds
 *       the LIST collector and the translator (which only calls the thread-safe sink), and on an unrequested
 *       close schedules a reconnect;</li>
 *   <li>the scheduler's thread, which runs that reconnect: it opens a new connection and rejoins;</li>
 *   <li>the join timer's thread: the checks of unanswered JOINs and of channels a join was forwarded to (470).</li>
 * </ul>
 * Each connection gets its own listener, which ignores its events once the link has moved on to another
 * connection, so a late {@code closed} of an old connection cannot tear down a new one.
 */
final class IrcServerLink {

    private static final Logger LOG = LoggerFactory.getLogger(IrcServerLink.class);

    /** Where the link stands. */
    enum State {
        /** Not connected, nothing scheduled: opened on demand. */
        IDLE,
        /** A connection is being opened. */
        CONNECTING,
        /** Registered and usable. */
        OPEN,
        /** Waiting for a scheduled reconnect. */
        WAITING,
        /** Gave up (refused credentials, server no longer allowed) until the user asks again. */
        GAVE_UP,
        /** Closed for good. */
        CLOSED
    }

    /** The least time up after which a lost connection counts as a fresh start (see {@link #stableAfter}). */
    static final Duration STABLE_AFTER_AT_LEAST = Duration.ofSeconds(60);
    /** The text of the failure the user gets for a JOIN the server never answered. */
    static final String JOIN_NOT_ANSWERED = "the IRC server did not answer the join";
    /**
     * The most operations that wait for one connection to open; more are refused ({@link RateLimitedException},
     * {@code resource-constraint}) rather than held without bound while a slow server makes up its mind (I5).
     */
    static final int QUEUE_LIMIT = 64;
    /** The QUIT reason of a reconnect the user asked for. */
    static final String RECONNECT_REASON = "Reconnecting";

    private final String host;
    private final IrcConnector connector;
    private final Executor opener;
    private final ReconnectScheduler scheduler;
    private final ReconnectScheduler joinTimer;
    private final Backoff backoff;
    private final Duration rateLimitedBackoff;
    private final Duration minBackoff;
    /**
     * How long a connection must stay up before the backoff starts afresh: a server that closes us right after
     * its welcome (a K-line checked late, a full server) must not get a reconnect every few seconds (I5, I9).
     */
    private final Duration stableAfter;
    private final Clock clock;
    private final XmppSink sink;
    private final ConnectionStateReporter states;
    private final Duration joinTimeout;
    private final IrcEventTranslator translator;
    private final ChannelList channelList;
    private final ChannelQueries channelQueries;
    private final CtcpResponder ctcp;

    private final ReentrantLock lock = new ReentrantLock();
    /** What the next connection is opened with (replaced when the user's settings change). */
    private IrcConnectRequest request;
    /** The user's auto-join channels, joined at every connection. */
    private List<String> autoJoin;
    private State state = State.IDLE;
    private IrcConnection connection;
    private int failures;
    /** When the current connection opened. */
    private Instant upSince;
    private boolean rateLimitTold;
    private ReconnectScheduler.Cancellable pending;
    private final Map<String, Secret> keys = new LinkedHashMap<>();
    /**
     * The user's operations that wait for a connection, in the order asked: joins asked for while the link was
     * waiting for a reconnect or connecting, and messages and raw commands while it was connecting. Sent in order
     * by the attempt that succeeds (after the rejoins), failed if it does not. At most {@link #QUEUE_LIMIT}.
     */
    private final List<DeferredOperation> queued = new ArrayList<>();
    /**
     * Registered, and the attempt is still sending {@link #queued}: new operations queue behind them, so that
     * nothing the user asked for later overtakes them on the wire.
     */
    private boolean draining;
    /**
     * A connect is in flight (state {@code CONNECTING} because of an attempt, not only because a connection was just
     * lost and the reconnect is being scheduled): only then do messages wait for it.
     */
    private boolean attempting;
    /** Whether a connection of this link ever opened; one that never did is dropped after a failed open. */
    private boolean everOpened;
    /** Why the last on-demand open failed, while the link is idle after it. */
    private LegacyException lastFailure;
    /** When an on-demand open of a link that never opened failed: the session drops the link and remembers. */
    private Instant abandonedAt;
    /** Channels the user left (folded): never rejoined, even if the connection dropped before the PART took. */
    private final Set<String> left = new HashSet<>();
    /** The connection a user-asked reconnect replaces, until its QUIT is sent (closed with the link too). */
    private volatile IrcConnection retiring;

    IrcServerLink(IrcConnectRequest request, SessionEnvironment env, XmppSink sink, ConnectionStateReporter states,
            List<String> autoJoin) {
        Clock clock = env.clock();
        this.host = request.server().host();
        this.request = request;
        this.connector = env.connector();
        this.opener = env.opener();
        this.scheduler = env.scheduler();
        this.joinTimer = env.joinTimer();
        this.backoff = new Backoff(env.settings().reconnectMinBackoff(), env.settings().reconnectMaxBackoff(),
                env.random());
        this.rateLimitedBackoff = env.settings().rateLimitedBackoff();
        this.minBackoff = env.settings().reconnectMinBackoff();
        this.stableAfter = max(STABLE_AFTER_AT_LEAST, minBackoff.multipliedBy(4));
        this.clock = clock;
        this.sink = sink;
        this.states = states;
        this.autoJoin = List.copyOf(autoJoin);
        this.joinTimeout = env.settings().joinTimeout();
        this.channelList = new ChannelList(host, clock);
        this.channelQueries = new ChannelQueries(this::features);
        this.ctcp = new CtcpResponder(env.settings().ctcpVersion(), clock);
        this.translator = new IrcEventTranslator(host, sink, this::features, clock,
                new IrcTextOptions(env.settings().formatting() == IrcSettings.Formatting.STRIP
                        ? IrcTextOptions.Styling.STRIP : IrcTextOptions.Styling.XEP_0393,
                        IrcTextOptions.DEFAULT_NOTICE_PREFIX),
                query -> ctcp.answer(query, this::currentConnection));
        this.translator.setRequestSender(new QuerySender(this::currentConnection));
    }

    String host() {
        return host;
    }

    IrcEventTranslator translator() {
        return translator;
    }

    ChannelList channelList() {
        return channelList;
    }

    /** Ban-list and channel-mode questions (XEP-0045 admin and owner requests, {@link IrcRoomSettings}). */
    ChannelQueries channelQueries() {
        return channelQueries;
    }

    /** The open connection. */
    IrcConnection connection() throws NotConnectedException {
        IrcConnection current = currentConnection();
        if (current == null) {
            throw new NotConnectedException("not connected to " + host + " right now");
        }
        return current;
    }

    /**
     * Starts opening a connection in the background when there is none and none is coming (actor thread; never
     * waits): the attempt runs on the opener's thread, and the user's operations queue meanwhile
     * ({@link #queueOrReady}). A link that waits for a reconnect is not hurried: its scheduled attempt comes when
     * the backoff says (THREATS I5).
     */
    void openInBackground() {
        boolean start;
        lock.lock();
        try {
            start = beginOnDemand();
        } finally {
            lock.unlock();
        }
        if (start) {
            opener.execute(this::openOnDemand);
        }
    }

    /** Under the lock: an idle (or given up) link starts connecting; true when the caller must start the attempt. */
    private boolean beginOnDemand() {
        if (state != State.IDLE && state != State.GAVE_UP) {
            return false;
        }
        // the user asks afresh (idle, or after giving up): the backoff starts over
        state = State.CONNECTING;
        attempting = true;
        failures = 0;
        lastFailure = null;
        return true;
    }

    /**
     * The connection if it is open and nothing waits for it; empty while it is being opened (the caller answers
     * later, or asks the user to ask again); the reason otherwise: the last open's failure, or that the link waits
     * for a reconnect (actor thread).
     */
    Optional<IrcConnection> ready() throws LegacyException {
        lock.lock();
        try {
            return switch (state) {
                case OPEN -> draining ? Optional.empty() : Optional.of(connection);
                case CONNECTING -> {
                    if (!attempting) {
                        throw unavailable();
                    }
                    yield Optional.empty();
                }
                default -> throw unavailable();
            };
        } finally {
            lock.unlock();
        }
    }

    /**
     * The open connection to run {@code operation} on now, or empty when the operation was queued because the
     * connection is being opened (or is still sending earlier queued operations): then it is run or failed later,
     * on the opening thread. A link without a connection starts opening one in the background, with the operation
     * queued first, so that the outcome always reaches the user the same way (never thrown here for a connect that
     * happened to fail fast). A join is queued too while the link waits for a reconnect. Actor thread; never waits.
     *
     * @throws RateLimitedException when {@link #QUEUE_LIMIT} operations wait already
     * @throws LegacyException      when the link waits for a reconnect (a message) or is closed
     */
    Optional<IrcConnection> queueOrReady(DeferredOperation operation) throws LegacyException {
        boolean start;
        lock.lock();
        try {
            start = beginOnDemand();
            boolean queue = switch (state) {
                case OPEN -> draining;
                case CONNECTING -> attempting || operation.waitsForReconnect();
                case WAITING -> operation.waitsForReconnect();
                default -> false;
            };
            if (!queue) {
                if (state == State.OPEN) {
                    return Optional.of(connection);
                }
                throw unavailable();
            }
            enqueue(operation);
        } finally {
            lock.unlock();
        }
        if (start) {
            opener.execute(this::openOnDemand);
        }
        return Optional.empty();
    }

    /** When an on-demand open of this link failed before any connection ever opened; the session forgets it. */
    Optional<Instant> abandonedAt() {
        lock.lock();
        try {
            return Optional.ofNullable(abandonedAt);
        } finally {
            lock.unlock();
        }
    }

    /** Why the last on-demand open failed, if the link is idle after it. */
    Optional<LegacyException> lastFailure() {
        lock.lock();
        try {
            return Optional.ofNullable(lastFailure);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: why the connection cannot be used in the current state. */
    private LegacyException unavailable() {
        return switch (state) {
            case WAITING, CONNECTING -> new NotConnectedException("reconnecting to " + host + " soon");
            case CLOSED -> new NotConnectedException("the session is closed");
            default -> lastFailure != null ? lastFailure : new NotConnectedException("not connected to " + host
                    + " right now");
        };
    }

    /** Under the lock: appends {@code operation}, replacing a queued join of the same channel in its place. */
    private void enqueue(DeferredOperation operation) throws RateLimitedException {
        if (operation.channel().isPresent()) {
            String folded = operation.channel().get().toLowerCase(Locale.ROOT);
            for (int i = 0; i < queued.size(); i++) {
                if (queued.get(i).channel().map(c -> c.toLowerCase(Locale.ROOT)).equals(Optional.of(folded))) {
                    queued.set(i, operation);
                    return;
                }
            }
        }
        if (queued.size() >= QUEUE_LIMIT) {
            throw new RateLimitedException("still connecting to " + host + " and " + queued.size()
                    + " requests wait for it already; try again in a moment");
        }
        queued.add(operation);
    }

    /** The on-demand open (opener thread). */
    private void openOnDemand() {
        try {
            attempt();
        } catch (LegacyException | RuntimeException e) {
            LegacyException why = e instanceof LegacyException l ? l
                    : new TransientFailureException("connection failed");
            if (e instanceof RuntimeException) {
                LOG.warn("Opening a connection to {} for {} failed", host, request().user(), e);
            }
            onDemandFailed(why);
        }
    }

    /** An on-demand open failed: the link goes idle, the waiting operations fail with the reason (opener thread). */
    private void onDemandFailed(LegacyException why) {
        List<DeferredOperation> failing;
        boolean abandoned;
        lock.lock();
        try {
            if (state != State.CONNECTING) {
                // closed meanwhile, or lost right after registering and now waiting for a reconnect (failed()
                // decided what waits and what fails)
                return;
            }
            state = State.IDLE;
            attempting = false;
            lastFailure = why;
            abandoned = !everOpened;
            if (abandoned) {
                abandonedAt = clock.instant();
            }
            failing = List.copyOf(queued);
            queued.clear();
        } finally {
            lock.unlock();
        }
        if (abandoned) {
            states.forget(host);
        }
        String text = connectFailureText(why);
        for (DeferredOperation operation : failing) {
            fail(operation, why, text);
        }
    }

    /**
     * What the user reads when a connect failed. A refused server keeps the one text it always has, whatever the
     * reason (THREATS I4); other failures say which server could not be reached.
     */
    private String connectFailureText(LegacyException why) {
        String text = why.getMessage() == null ? "connection failed" : why.getMessage();
        return why instanceof InvalidAddressException ? text : "Could not connect to " + host + ": " + text;
    }

    private void fail(DeferredOperation operation, LegacyException why, String text) {
        try {
            operation.failed(why, text);
        } catch (RuntimeException e) {
            LOG.warn("Telling {} of a failed request on {} failed", request().user(), host, e);
        }
    }

    /**
     * Keeps this link connected from now on, starting in the background (always-on servers): failures are
     * retried with backoff. The first attempt waits a random time up to the minimum backoff, so that after a
     * gateway restart the always-on users do not all connect in the same instant (THREATS I5).
     */
    void keepOpen() {
        keepOpen(minBackoff);
    }

    /**
     * Keeps this link connected from now on, the first attempt within {@code atMost} (zero: at once, when the user
     * just turned always-on on).
     */
    void keepOpen(Duration atMost) {
        lock.lock();
        try {
            if (state != State.IDLE && state != State.GAVE_UP) {
                return;
            }
            state = State.WAITING;
            pending = scheduler.schedule(backoff.between(Duration.ZERO, atMost), this::reconnect);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The user's settings for this server changed: the next connection (a reconnect, or an on-demand open) uses
     * {@code next} and joins {@code nextAutoJoin}; an open connection is left as it is, since changing the nick or
     * credentials of a registered connection would need a reconnect the user did not ask for.
     */
    void settingsChanged(IrcConnectRequest next, List<String> nextAutoJoin) {
        if (!next.server().host().equals(host)) {
            throw new IllegalArgumentException("settings of another server");
        }
        lock.lock();
        try {
            request = next;
            autoJoin = List.copyOf(nextAutoJoin);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The user's nick setting changed: on an open connection, {@code NICK} now (Modern IRC, "NICK message": a
     * registered client may change its nick at any time; the server's answer, a NICK echo or a refusal, reaches the
     * rooms through the translator as any nick change). Nothing otherwise: the next connection asks for it.
     */
    void changeNick(String nick) {
        Optional<IrcConnection> open;
        try {
            open = ready();
        } catch (LegacyException e) {
            return;
        }
        if (open.isEmpty() || open.get().nick().equals(nick)) {
            return;
        }
        try {
            open.get().send(IrcMessage.of("NICK", nick));
        } catch (NotConnectedException | RateLimitedException | IllegalArgumentException e) {
            LOG.debug("NICK on {} not sent: {}", host, e.getMessage());
        }
    }

    /**
     * Channels were added to the user's auto-join list: on an open connection they are joined now, by the path
     * every join takes ({@link IrcEventTranslator#expectJoin}, then the JOIN and its watch, {@link #watchJoin});
     * while the connection is being opened the rejoin of that attempt includes them, and a link without a
     * connection joins them at its next one. Channels removed from the list are not left: the user may be in them.
     */
    void autoJoinAdded(List<String> channels) {
        IrcConnection open;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            open = connection;
            for (String channel : channels) {
                left.remove(channel.toLowerCase(Locale.ROOT));
            }
        } finally {
            lock.unlock();
        }
        for (String channel : channels) {
            QueuedJoin join = new QueuedJoin(channel, open.nick());
            try {
                Optional<IrcConnection> now = queueOrReady(join);
                if (now.isPresent()) {
                    join.run(now.get());
                }
            } catch (LegacyException | IllegalArgumentException e) {
                LOG.debug("Auto-join of a channel on {} not sent: {}", host, e.getMessage());
            }
        }
    }

    /**
     * The user asked to reconnect (Configure's "reconnect now": their user name, real name or passwords changed,
     * which IRC does not let a registered connection change): {@code QUIT} and a new connection at once, with the
     * settings given last to {@link #settingsChanged}; the rooms are told the connection was lost and are rejoined
     * by the reconnect, as after any lost connection (THREATS I9). A link between reconnects tries at once; a link
     * being opened or without a connection uses the new settings anyway.
     */
    void reconnectNow() {
        lock.lock();
        try {
            if (state == State.WAITING) {
                if (pending != null) {
                    pending.cancel();
                }
                pending = scheduler.schedule(Duration.ZERO, this::reconnect);
                return;
            }
            if (state != State.OPEN || draining) {
                return;
            }
            IrcConnection old = connection;
            // should the session close before the task runs, close() still ends the old connection
            retiring = old;
            connection = null;
            state = State.WAITING;
            failures = 0;
            rateLimitTold = false;
            // the QUIT may wait for the send queue: sent off the actor, before the new connection registers (so the
            // server does not see two of us with one nick)
            pending = scheduler.schedule(Duration.ZERO, () -> {
                old.close(RECONNECT_REASON);
                reconnect();
            });
        } finally {
            lock.unlock();
        }
        channelList.abandon();
        channelQueries.abandon();
        translator.connectionLost(RECONNECT_REASON);
        tell("Reconnecting to " + host + " with your new settings.");
    }

    /** The request the next connection is opened with. */
    IrcConnectRequest request() {
        lock.lock();
        try {
            return request;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A JOIN of {@code channel} was just sent (after {@link IrcEventTranslator#expectJoin}): if the server has not
     * answered it after {@code join-timeout} it is sent once more, and if that is not answered either within the
     * same time the join is reported failed. Servers under load have been seen to drop a JOIN without any answer
     * (Modern IRC, "JOIN message", promises a JOIN echo and RPL_ENDOFNAMES, or an error numeric), which would leave
     * the user waiting for the room forever. The checks run on the scheduler's thread and touch only the
     * translator and the connection, both thread-safe; the failure reaches the user's actor through the sink.
     */
    void watchJoin(String channel) {
        translator.pendingJoinSince(channel)
                .ifPresent(since -> joinTimer.schedule(joinTimeout, () -> checkJoin(channel, since, false)));
    }

    private void checkJoin(String channel, Instant since, boolean resent) {
        if (!translator.pendingJoinSince(channel).equals(Optional.of(since))) {
            return; // answered, left, sent again by the user, or the connection was lost (the translator told)
        }
        IrcConnection current = currentConnection();
        if (current == null) {
            return;
        }
        if (resent) {
            LOG.info("JOIN of a channel on {} for {} not answered after a retry; reported failed", host,
                    request().user());
            translator.joinTimedOut(channel, since, JOIN_NOT_ANSWERED);
            return;
        }
        LOG.info("JOIN of a channel on {} for {} not answered in {} s; sent again", host, request().user(),
                joinTimeout.toSeconds());
        Optional<Secret> key;
        lock.lock();
        try {
            key = Optional.ofNullable(keys.get(channel.toLowerCase(Locale.ROOT)));
        } finally {
            lock.unlock();
        }
        try {
            current.send(joinLine(channel, key));
        } catch (NotConnectedException | RateLimitedException | IllegalArgumentException e) {
            LOG.debug("the second JOIN on {} was not sent: {}", host, e.getMessage());
            return;
        }
        joinTimer.schedule(joinTimeout, () -> checkJoin(channel, since, true));
    }

    /**
     * The channel a join was forwarded to (470) and that the user did not join within {@code join-timeout}: PART,
     * so the user does not sit unseen in a channel they never asked for (timer thread).
     */
    private void partUnclaimedForward(String channel) {
        IrcConnection current = currentConnection();
        if (current == null || !translator.unclaimedForward(channel)) {
            return;
        }
        translator.expectPart(channel);
        try {
            current.send(IrcMessage.of("PART", channel));
        } catch (NotConnectedException | RateLimitedException | IllegalArgumentException e) {
            LOG.debug("PART of a forwarded channel on {} not sent: {}", host, e.getMessage());
        }
    }

    /** {@code JOIN channel [key]}. */
    static IrcMessage joinLine(String channel, Optional<Secret> key) {
        return key.map(k -> IrcMessage.of("JOIN", channel, k.reveal())).orElseGet(() -> IrcMessage.of("JOIN", channel));
    }

    /** The user wants {@code channel}: rejoined after reconnects, with {@code key} if given. */
    void joining(String channel, Optional<Secret> key) {
        lock.lock();
        try {
            left.remove(channel.toLowerCase(Locale.ROOT));
            if (key.isPresent()) {
                keys.put(channel.toLowerCase(Locale.ROOT), key.get());
            } else {
                keys.remove(channel.toLowerCase(Locale.ROOT));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the link is not ready (being opened, waiting for its next reconnect attempt, or still sending what was
     * queued), records the user's join of {@code channel} as {@code nick} for the attempt and returns true: the
     * actor does not wait for a connection, and the join is answered when the attempt succeeds (the room) or fails
     * ({@link RoomJoinFailure#NOT_CONNECTED}, or {@link RoomJoinFailure#NOT_ACCEPTABLE} for a refused server).
     * False when the connection is open and ready: join now.
     *
     * @throws RateLimitedException when too many operations wait already
     * @throws LegacyException      when the link is neither connected nor connecting (see {@link #ready})
     */
    boolean joinWhenConnected(String channel, String nick, Optional<Secret> key) throws LegacyException {
        // the key first: once queued, the opening thread may send the join at once
        joining(channel, key);
        return queueOrReady(new QueuedJoin(channel, nick)).isEmpty();
    }

    /** The user left {@code channel}: its key is forgotten and it is not rejoined. */
    void leaving(String channel) {
        lock.lock();
        try {
            String folded = channel.toLowerCase(Locale.ROOT);
            queued.removeIf(op -> op.channel().map(c -> c.toLowerCase(Locale.ROOT)).equals(Optional.of(folded)));
            keys.remove(folded);
            left.add(channel.toLowerCase(Locale.ROOT));
        } finally {
            lock.unlock();
        }
    }

    /** Sends QUIT and stops reconnecting (THREATS C2). Idempotent. */
    void close(String reason) {
        IrcConnection current;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            attempting = false;
            current = connection;
            connection = null;
            draining = false;
            // the session is closing: what waited for the connection goes nowhere
            queued.clear();
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
        } finally {
            lock.unlock();
        }
        channelList.abandon();
        channelQueries.abandon();
        if (current != null) {
            current.close(reason);
        }
        IrcConnection old = retiring;
        if (old != null) {
            old.close(reason);
        }
    }

    private IrcConnection currentConnection() {
        lock.lock();
        try {
            return state == State.OPEN ? connection : null;
        } finally {
            lock.unlock();
        }
    }

    private ServerFeatures features() {
        IrcConnection current = currentConnection();
        return current == null ? new ServerFeatures(Map.of(), Set.of()) : current.features();
    }

    /** Opens a connection, registers it with the translator and rejoins; state is CONNECTING on entry. */
    private IrcConnection attempt() throws LegacyException {
        IrcConnection fresh = connector.create(request());
        Listener listener = new Listener(fresh);
        fresh.open(listener);
        boolean wasRetrying;
        boolean stillWanted;
        lock.lock();
        try {
            stillWanted = state == State.CONNECTING;
            if (stillWanted) {
                state = State.OPEN;
                attempting = false;
                connection = fresh;
                // what the user asked for meanwhile is sent after the rejoins, before anything asked from now on
                draining = true;
                everOpened = true;
                lastFailure = null;
            }
            wasRetrying = failures > 0 || rateLimitTold;
            // The failures are forgotten only once the connection has stayed up a while (see lost()).
            upSince = clock.instant();
        } finally {
            lock.unlock();
        }
        if (!stillWanted) {
            // closed while we were connecting; QUIT outside the lock, it may wait for the queue
            fresh.close("Leaving");
            throw new NotConnectedException("the session is closed");
        }
        if (!fresh.isOpen()) {
            // lost between RPL_WELCOME and now: its closed() came before the link knew it, so handle it here
            lost(fresh, "connection closed");
            throw new NotConnectedException("the connection to " + host + " closed at once");
        }
        translator.registered(fresh.nick());
        rejoin(fresh);
        drain(fresh);
        states.link(host, LinkState.UP, "");
        if (wasRetrying) {
            tell("Connected to " + host + " again.");
        }
        return fresh;
    }

    /** Joins what the translator wants back (after a reconnect) and the user's auto-join channels (I9). */
    private void rejoin(IrcConnection fresh) {
        Set<String> channels = new LinkedHashSet<>(translator.channelsToRejoin());
        List<String> autoJoinNow;
        lock.lock();
        try {
            autoJoinNow = autoJoin;
        } finally {
            lock.unlock();
        }
        channels.addAll(autoJoinNow);
        for (String channel : channels) {
            Optional<Secret> key;
            lock.lock();
            try {
                if (left.contains(channel.toLowerCase(Locale.ROOT)) && !autoJoinNow.contains(channel)) {
                    continue;
                }
                key = Optional.ofNullable(keys.get(channel.toLowerCase(Locale.ROOT)));
            } finally {
                lock.unlock();
            }
            try {
                translator.expectJoin(channel, fresh.nick());
                fresh.send(joinLine(channel, key));
                watchJoin(channel);
            } catch (NotConnectedException | RateLimitedException | IllegalArgumentException e) {
                LOG.debug("Rejoin of a channel on {} not sent: {}", host, e.getMessage());
            }
        }
    }

    /**
     * Sends the operations the user asked for while the connection was being opened, in the order asked, until
     * none is left; then the connection is ready for the actor (attempt thread). Stops when the connection is lost
     * meanwhile: what is left waits for the next attempt, or fails with it.
     */
    private void drain(IrcConnection fresh) {
        while (true) {
            List<DeferredOperation> batch;
            lock.lock();
            try {
                if (connection != fresh || state != State.OPEN) {
                    return;
                }
                if (queued.isEmpty()) {
                    draining = false;
                    return;
                }
                batch = List.copyOf(queued);
                queued.clear();
            } finally {
                lock.unlock();
            }
            for (DeferredOperation operation : batch) {
                try {
                    operation.run(fresh);
                } catch (LegacyException e) {
                    String text = e.getMessage() == null ? "not sent" : e.getMessage();
                    fail(operation, e, text);
                } catch (RuntimeException e) {
                    LOG.warn("A queued request on {} for {} failed", host, request().user(), e);
                    fail(operation, new TransientFailureException("could not be sent"), "could not be sent");
                }
            }
        }
    }

    /**
     * The queued operations fail with {@code why} (not under the lock): all of them, or only those that do not wait
     * for a reconnect when {@code joinsWait}.
     */
    private void failQueued(LegacyException why, boolean joinsWait) {
        List<DeferredOperation> failing = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<DeferredOperation> it = queued.iterator(); it.hasNext();) {
                DeferredOperation operation = it.next();
                if (!joinsWait || !operation.waitsForReconnect()) {
                    failing.add(operation);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        String text = connectFailureText(why);
        for (DeferredOperation operation : failing) {
            fail(operation, why, text);
        }
    }

    /** A join the user asked for while the link was not ready; run or failed by the attempt. */
    private final class QueuedJoin implements DeferredOperation {

        private final String channel;
        private final String nick;

        QueuedJoin(String channel, String nick) {
            this.channel = channel;
            this.nick = nick;
        }

        @Override
        public void run(IrcConnection fresh) throws LegacyException {
            Optional<Secret> key;
            lock.lock();
            try {
                key = Optional.ofNullable(keys.get(channel.toLowerCase(Locale.ROOT)));
            } finally {
                lock.unlock();
            }
            // expect before sending: the reader thread may see the server's JOIN before send returns
            if (translator.expectJoin(channel, nick)) {
                fresh.send(joinLine(channel, key));
                watchJoin(channel);
            }
        }

        @Override
        public void failed(LegacyException why, String text) {
            sink.roomJoinFailed(new IrcAddress.Channel(host, channel), nick, why instanceof InvalidAddressException
                    ? RoomJoinFailure.NOT_ACCEPTABLE : RoomJoinFailure.NOT_CONNECTED, text);
        }

        @Override
        public Optional<String> channel() {
            return Optional.of(channel);
        }

        @Override
        public boolean waitsForReconnect() {
            return true;
        }
    }

    /** The scheduled reconnect (scheduler thread). */
    private void reconnect() {
        lock.lock();
        try {
            if (state != State.WAITING) {
                return;
            }
            state = State.CONNECTING;
            attempting = true;
            pending = null;
        } finally {
            lock.unlock();
        }
        try {
            attempt();
        } catch (LegacyException | RuntimeException e) {
            failed(e, false);
        }
    }

    /** A background attempt failed: decide how long to wait, or whether to give up, and tell the user once. */
    private void failed(Exception e, boolean alreadyTold) {
        String text = e.getMessage() == null ? "connection failed" : e.getMessage();
        String notice = null;
        LinkState linkState;
        lock.lock();
        try {
            if (state != State.CONNECTING) {
                return;
            }
            attempting = false;
            if (e instanceof AuthenticationFailedException || e instanceof InvalidAddressException) {
                state = State.GAVE_UP;
                linkState = LinkState.GAVE_UP;
                notice = "Could not log in to " + host + ": " + text + ". Not retrying; check your settings with "
                        + "the Configure command on " + host + ", then join a channel again.";
            } else {
                Duration delay;
                if (e instanceof RateLimitedException) {
                    delay = backoff.between(rateLimitedBackoff.dividedBy(2), rateLimitedBackoff);
                    if (!rateLimitTold) {
                        rateLimitTold = true;
                        notice = host + " refused the connection: " + text + ". Trying again in about "
                                + minutes(rateLimitedBackoff) + ".";
                    }
                } else {
                    delay = backoff.delay(failures);
                    if (failures == 0 && !alreadyTold) {
                        notice = "Could not connect to " + host + ": " + text + ". Retrying.";
                    }
                }
                failures++;
                state = State.WAITING;
                linkState = LinkState.RETRYING;
                LOG.info("Reconnect to {} for {} in {} ms", host, request.user(), delay.toMillis());
                pending = scheduler.schedule(delay, this::reconnect);
            }
        } finally {
            lock.unlock();
        }
        // the sink may block briefly (backpressure): never under the lock
        if (notice != null) {
            tell(notice);
        }
        // An attempt failed: what waited for it fails; after a connection was lost, the joins wait for the first
        // attempt, while messages, which would arrive minutes late and out of context, fail at once.
        failQueued(e instanceof LegacyException l ? l : new TransientFailureException(text),
                linkState != LinkState.GAVE_UP && alreadyTold);
        if (linkState == LinkState.GAVE_UP) {
            // nothing will be rejoined: the rooms waiting for this link are answered now
            translator.gaveUp("Could not log in to " + host + ": " + text);
        }
        states.link(host, linkState, linkState == LinkState.GAVE_UP ? text : text + ", retrying");
    }

    /** The connection ended without being asked to (reader thread). */
    private void lost(IrcConnection which, String reason) {
        lock.lock();
        try {
            if (connection != which || state != State.OPEN) {
                return;
            }
            connection = null;
            state = State.CONNECTING;
            attempting = false;
            draining = false;
            if (upSince != null && !clock.instant().isBefore(upSince.plus(stableAfter))) {
                failures = 0;
                rateLimitTold = false;
            }
        } finally {
            lock.unlock();
        }
        channelList.abandon();
        channelQueries.abandon();
        translator.connectionLost(reason);
        tell("Lost the connection to " + host + (reason.isBlank() ? "" : " (" + reason + ")") + ". Reconnecting.");
        failed(new TransientFailureException(reason.isBlank() ? "connection lost" : reason), true);
    }

    private void tell(String text) {
        sink.messageReceived(IncomingMessage.of(new IrcAddress.Server(host), text));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String minutes(Duration d) {
        long minutes = Math.max(1, Math.round(d.toSeconds() / 60.0));
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /** The listener of one connection (reader thread). */
    private final class Listener implements IrcConnectionListener {

        private final IrcConnection which;

        Listener(IrcConnection which) {
            this.which = which;
        }

        @Override
        public void onMessage(IrcMessage message) {
            if (which == retiring) {
                return; // replaced at the user's request: its last lines are not news any more
            }
            if (channelList.offer(message) || channelQueries.offer(message)) {
                return;
            }
            translator.onMessage(message);
            if (message.command().equals(IrcNumerics.ERR_LINKCHANNEL) && message.params().size() >= 3) {
                // a join forwarded (470): the channel we are put into is parted unless the user joins it in time
                String to = message.params().get(2);
                joinTimer.schedule(joinTimeout, () -> partUnclaimedForward(to));
            }
        }

        @Override
        public void closed(String reason, boolean requested) {
            if (!requested) {
                lost(which, reason);
            }
        }
    }

    /** Sends on the open connection; returns the line as written (I1: sanitized by the writer). */
    IrcLine send(IrcMessage message) throws NotConnectedException, RateLimitedException {
        return connection().send(message);
    }
}
