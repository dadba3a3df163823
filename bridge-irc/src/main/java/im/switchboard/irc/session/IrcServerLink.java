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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's presence on one IRC server: the current {@link IrcConnection} (replaced on every reconnect), the
 * {@link IrcEventTranslator} that outlives connections (it remembers the channels to rejoin), the LIST
 * collector, the CTCP responder and the reconnect state (THREATS I9).
 *
 * <h2>Threading contract</h2>
 * Three kinds of threads touch a link, so its mutable state is guarded by one {@link ReentrantLock} that is never
 * held while blocking (not while connecting, not while sending):
 * <ul>
 *   <li>the user's actor thread ({@link IrcSession}'s methods): {@link #openNow}, {@link #connection},
 *       {@link #close};</li>
 *   <li>the connection's reader thread: the {@link IrcConnectionListener} of each connection, which only feeds
 *       the LIST collector and the translator (which only calls the thread-safe sink), and on an unrequested
 *       close schedules a reconnect;</li>
 *   <li>the scheduler's thread, which runs that reconnect: it opens a new connection and rejoins.</li>
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

    private final String host;
    private final IrcConnector connector;
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
     * Joins the user asked for while the link was waiting for a reconnect or connecting (folded channel to the
     * join): sent by the attempt that succeeds, failed if it does not.
     */
    private final Map<String, AwaitedJoin> awaiting = new LinkedHashMap<>();
    /** Channels the user left (folded): never rejoined, even if the connection dropped before the PART took. */
    private final Set<String> left = new HashSet<>();

    IrcServerLink(IrcConnectRequest request, SessionEnvironment env, XmppSink sink, ConnectionStateReporter states,
            List<String> autoJoin) {
        Clock clock = env.clock();
        this.host = request.server().host();
        this.request = request;
        this.connector = env.connector();
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
     * The open connection, opening it now if there is none (actor thread; blocks while connecting). A link that
     * waits for a reconnect is not hurried: the user gets an error rather than a retry storm (THREATS I5).
     */
    IrcConnection openNow() throws LegacyException {
        lock.lock();
        try {
            switch (state) {
                case OPEN -> {
                    return connection;
                }
                case CONNECTING -> throw new NotConnectedException("still connecting to " + host);
                case WAITING -> throw new NotConnectedException("reconnecting to " + host + " soon");
                case CLOSED -> throw new NotConnectedException("the session is closed");
                default -> {
                    // the user asks afresh (idle, or after giving up): the backoff starts over
                    state = State.CONNECTING;
                    failures = 0;
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            return attempt();
        } catch (LegacyException | RuntimeException e) {
            lock.lock();
            try {
                if (state == State.CONNECTING) {
                    state = State.IDLE;
                }
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /**
     * Keeps this link connected from now on, starting in the background (always-on servers): failures are
     * retried with backoff. The first attempt waits a random time up to the minimum backoff, so that after a
     * gateway restart the always-on users do not all connect in the same instant (THREATS I5).
     */
    void keepOpen() {
        lock.lock();
        try {
            if (state != State.IDLE && state != State.GAVE_UP) {
                return;
            }
            state = State.WAITING;
            pending = scheduler.schedule(backoff.between(Duration.ZERO, minBackoff), this::reconnect);
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
     * When the link is reconnecting (waiting for its next attempt, or connecting in the background), records the
     * user's join of {@code channel} as {@code nick} for that attempt and returns true: the actor does not wait
     * for a connection, and the join is answered when the attempt succeeds (the room) or fails
     * ({@link RoomJoinFailure#NOT_CONNECTED}). False when the link is in another state: join now.
     */
    boolean joinWhenConnected(String channel, String nick, Optional<Secret> key) {
        lock.lock();
        try {
            if (state != State.WAITING && state != State.CONNECTING) {
                return false;
            }
            awaiting.put(channel.toLowerCase(Locale.ROOT), new AwaitedJoin(channel, nick));
        } finally {
            lock.unlock();
        }
        joining(channel, key);
        return true;
    }

    /** The user left {@code channel}: its key is forgotten and it is not rejoined. */
    void leaving(String channel) {
        lock.lock();
        try {
            awaiting.remove(channel.toLowerCase(Locale.ROOT));
            keys.remove(channel.toLowerCase(Locale.ROOT));
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
            current = connection;
            connection = null;
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
                connection = fresh;
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
        for (AwaitedJoin join : takeAwaiting()) {
            Optional<Secret> key;
            lock.lock();
            try {
                key = Optional.ofNullable(keys.get(join.channel().toLowerCase(Locale.ROOT)));
            } finally {
                lock.unlock();
            }
            try {
                if (translator.expectJoin(join.channel(), join.nick())) {
                    fresh.send(joinLine(join.channel(), key));
                    watchJoin(join.channel());
                }
            } catch (NotConnectedException | RateLimitedException | IllegalArgumentException e) {
                LOG.debug("A join on {} not sent: {}", host, e.getMessage());
            }
        }
    }

    private List<AwaitedJoin> takeAwaiting() {
        lock.lock();
        try {
            List<AwaitedJoin> out = List.copyOf(awaiting.values());
            awaiting.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The joins recorded for an attempt that failed: they fail too, the user asks again (not under the lock). */
    private void failAwaiting(String text) {
        for (AwaitedJoin join : takeAwaiting()) {
            sink.roomJoinFailed(new IrcAddress.Channel(host, join.channel()), join.nick(),
                    RoomJoinFailure.NOT_CONNECTED, "Could not connect to " + host + ": " + text);
        }
    }

    /** A join asked for while the link was reconnecting. */
    private record AwaitedJoin(String channel, String nick) {
    }

    /** The scheduled reconnect (scheduler thread). */
    private void reconnect() {
        lock.lock();
        try {
            if (state != State.WAITING) {
                return;
            }
            state = State.CONNECTING;
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
        if (linkState == LinkState.GAVE_UP || !alreadyTold) {
            // an attempt failed (not a connection lost, whose joins wait for the first attempt)
            failAwaiting(text);
        }
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
            if (channelList.offer(message) || channelQueries.offer(message)) {
                return;
            }
            translator.onMessage(message);
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
