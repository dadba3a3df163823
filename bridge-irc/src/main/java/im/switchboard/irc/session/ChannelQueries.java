package im.switchboard.irc.session;

import im.switchboard.irc.channel.IrcChannelModes;
import im.switchboard.irc.channel.IrcModeChange;
import im.switchboard.irc.channel.IrcPrefixes;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The answers to the channel questions an owner's or admin's request asks the server (Modern IRC, "MODE
 * message", channel mode): {@code MODE #chan b} answered by zero or more RPL_BANLIST 367
 * {@code <client> <channel> <mask> [<who> <set-ts>]} and one RPL_ENDOFBANLIST 368, and {@code MODE #chan}
 * answered by RPL_CHANNELMODEIS 324 {@code <client> <channel> <modestring> <mode arguments>...}. A question ends
 * early with ERR_CHANOPRIVSNEEDED 482 (the server restricts the list to operators) or ERR_NOSUCHCHANNEL 403.
 *
 * <p>Only 368 and a 482 or 403 that ends a pending question are taken out of the stream; 324 and 367 go on to the
 * translator too, which keeps the channel's state from them. Channel names are compared in ASCII lower case: the
 * server answers with the name we sent or its own spelling of it.
 *
 * <p>Thread-safe: {@link #offer} runs on the connection's reader thread, the rest on the user's actor thread.
 */
final class ChannelQueries {

    static final String RPL_CHANNELMODEIS = "324";
    static final String RPL_BANLIST = "367";
    static final String RPL_ENDOFBANLIST = "368";
    static final String ERR_NOSUCHCHANNEL = "403";
    static final String ERR_CHANOPRIVSNEEDED = "482";
    /** More bans than this are dropped: a hostile server must not fill the heap. */
    static final int MAX_BANS = 10_000;

    /** One RPL_BANLIST entry. */
    record Ban(String mask, Optional<String> setBy, Optional<Instant> setAt) {
    }

    /** How a question ended. */
    sealed interface Answer<T> permits Answered, Refused, Unanswered {
    }

    /** The server answered. */
    record Answered<T>(T value) implements Answer<T> {
    }

    /** The server refused ({@code numeric} with its text). */
    record Refused<T>(String numeric, String text) implements Answer<T> {
    }

    /** No answer in time, or the connection was lost. */
    record Unanswered<T>() implements Answer<T> {
    }

    private final Supplier<ServerFeatures> features;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Pending<List<Ban>>> bans = new HashMap<>();
    private final Map<String, Pending<List<IrcModeChange>>> modes = new HashMap<>();

    ChannelQueries(Supplier<ServerFeatures> features) {
        this.features = features;
    }

    /** A question under way: collected on the reader thread, awaited on the actor. */
    static final class Pending<T> {
        private final CountDownLatch done = new CountDownLatch(1);
        private final List<Ban> collected = new ArrayList<>();
        private Answer<T> answer = new Unanswered<>();

        /** Waits for the answer; {@link Unanswered} on timeout. */
        Answer<T> await(Duration timeout) throws InterruptedException {
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return answer;
        }

        private void finish(Answer<T> result) {
            if (done.getCount() > 0) {
                answer = result;
                done.countDown();
            }
        }
    }

    /** Starts collecting the ban list of {@code channel} (or joins one under way); send {@code MODE #chan b} next. */
    Pending<List<Ban>> beginBans(String channel) {
        return begin(bans, channel);
    }

    /** Starts waiting for the modes of {@code channel} (or joins a wait under way); send {@code MODE #chan} next. */
    Pending<List<IrcModeChange>> beginModes(String channel) {
        return begin(modes, channel);
    }

    private <T> Pending<T> begin(Map<String, Pending<T>> pending, String channel) {
        lock.lock();
        try {
            return pending.computeIfAbsent(key(channel), k -> new Pending<>());
        } finally {
            lock.unlock();
        }
    }

    /** Reads the answers out of the stream; true when {@code message} was one only a question needed. */
    boolean offer(IrcMessage message) {
        List<String> p = message.params();
        String command = message.command();
        if (p.size() < 2 || !List.of(RPL_CHANNELMODEIS, RPL_BANLIST, RPL_ENDOFBANLIST, ERR_NOSUCHCHANNEL,
                ERR_CHANOPRIVSNEEDED).contains(command)) {
            return false;
        }
        String channel = key(p.get(1));
        lock.lock();
        try {
            switch (command) {
                case RPL_BANLIST -> {
                    Pending<List<Ban>> pending = bans.get(channel);
                    if (pending != null && p.size() >= 3 && pending.collected.size() < MAX_BANS) {
                        pending.collected.add(ban(p));
                    }
                    return false;
                }
                case RPL_ENDOFBANLIST -> {
                    Pending<List<Ban>> pending = bans.remove(channel);
                    if (pending != null) {
                        pending.finish(new Answered<>(List.copyOf(pending.collected)));
                    }
                    return pending != null;
                }
                case RPL_CHANNELMODEIS -> {
                    Pending<List<IrcModeChange>> pending = modes.remove(channel);
                    if (pending != null) {
                        pending.finish(new Answered<>(parseModes(p.subList(2, p.size()))));
                    }
                    return false;
                }
                default -> {
                    // 482 or 403: ends every question on that channel.
                    String text = p.size() > 2 ? p.get(p.size() - 1) : command;
                    Pending<List<Ban>> banQuery = bans.remove(channel);
                    Pending<List<IrcModeChange>> modeQuery = modes.remove(channel);
                    if (banQuery != null) {
                        banQuery.finish(new Refused<>(command, text));
                    }
                    if (modeQuery != null) {
                        modeQuery.finish(new Refused<>(command, text));
                    }
                    return banQuery != null || modeQuery != null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The connection was lost: every waiting question ends unanswered. */
    void abandon() {
        lock.lock();
        try {
            bans.values().forEach(q -> q.finish(new Unanswered<>()));
            modes.values().forEach(q -> q.finish(new Unanswered<>()));
            bans.clear();
            modes.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The set modes of a 324 mode string, typed by the server's CHANMODES and PREFIX tokens. */
    private List<IrcModeChange> parseModes(List<String> modeParams) {
        ServerFeatures now = features.get();
        return IrcModeChange.parse(modeParams, IrcPrefixes.fromToken(now.token("PREFIX", null)),
                IrcChannelModes.fromToken(now.token("CHANMODES", null)));
    }

    private static Ban ban(List<String> p) {
        Optional<String> setBy = p.size() > 3 && !p.get(3).isEmpty() ? Optional.of(p.get(3)) : Optional.empty();
        Optional<Instant> setAt = Optional.empty();
        if (p.size() > 4) {
            try {
                long seconds = Long.parseLong(p.get(4));
                if (seconds > 0) {
                    setAt = Optional.of(Instant.ofEpochSecond(seconds));
                }
            } catch (NumberFormatException e) {
                // I7: a bad timestamp costs the timestamp only.
                setAt = Optional.empty();
            }
        }
        return new Ban(p.get(2), setBy, setAt);
    }

    private static String key(String channel) {
        return channel.toLowerCase(Locale.ROOT);
    }
}
