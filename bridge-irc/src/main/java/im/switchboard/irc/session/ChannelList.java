package im.switchboard.irc.session;

import im.switchboard.core.spi.RoomListing;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.message.IrcMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The answer to LIST on one server (Modern IRC, "LIST message": zero or one RPL_LISTSTART 321, zero or more
 * RPL_LIST 322 {@code <client> <channel> <count> :<topic>}, one RPL_LISTEND 323), collected from the reader
 * thread and cached for a short time so that paging through disco#items (XEP-0059) does not ask the server
 * again for every page.
 *
 * <p>Thread-safe: {@link #offer} runs on the connection's reader thread, the rest on the user's actor thread.
 */
final class ChannelList {

    static final String RPL_LISTSTART = "321";
    static final String RPL_LIST = "322";
    static final String RPL_LISTEND = "323";
    /** ERR_TOOMANYMATCHES (some servers refuse a full LIST) ends a listing too. */
    static final String ERR_TOOMANYMATCHES = "416";

    /** More entries than this are dropped: a LIST of a big network must not fill the heap. */
    static final int MAX_ENTRIES = 20_000;

    private final String host;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private List<RoomListing> collecting;
    private CountDownLatch done;
    private List<RoomListing> cached;
    private Instant cachedAt;

    ChannelList(String host, Clock clock) {
        this.host = host;
        this.clock = clock;
    }

    /** The cached list when it is younger than {@code maxAge}. */
    Optional<List<RoomListing>> cached(Duration maxAge) {
        lock.lock();
        try {
            if (cached != null && !clock.instant().isAfter(cachedAt.plus(maxAge))) {
                return Optional.of(cached);
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Starts collecting (or joins a listing under way); the caller sends LIST next, then {@link #await}s. */
    CountDownLatch begin() {
        lock.lock();
        try {
            if (collecting == null) {
                collecting = new ArrayList<>();
                done = new CountDownLatch(1);
            }
            return done;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for RPL_LISTEND.
     *
     * @return the channels sorted by name, or empty on timeout or when the connection was lost
     */
    Optional<List<RoomListing>> await(CountDownLatch latch, Duration timeout) throws InterruptedException {
        if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            abandon();
            return Optional.empty();
        }
        return cached(Duration.ofDays(365));
    }

    /** Takes the LIST replies out of the stream; true when {@code message} was one of ours. */
    boolean offer(IrcMessage message) {
        String command = message.command();
        if (!command.equals(RPL_LISTSTART) && !command.equals(RPL_LIST) && !command.equals(RPL_LISTEND)
                && !command.equals(ERR_TOOMANYMATCHES)) {
            return false;
        }
        lock.lock();
        try {
            if (collecting == null) {
                return command.equals(RPL_LISTSTART) || command.equals(RPL_LIST) || command.equals(RPL_LISTEND);
            }
            switch (command) {
                case RPL_LIST -> entry(message).ifPresent(e -> {
                    if (collecting.size() < MAX_ENTRIES) {
                        collecting.add(e);
                    }
                });
                case RPL_LISTEND, ERR_TOOMANYMATCHES -> finish();
                default -> {
                    // RPL_LISTSTART carries nothing
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The connection was lost: a waiting listing ends empty-handed. */
    void abandon() {
        lock.lock();
        try {
            if (done != null) {
                done.countDown();
            }
            collecting = null;
            done = null;
        } finally {
            lock.unlock();
        }
    }

    private void finish() {
        collecting.sort(Comparator.comparing(r -> ((IrcAddress.Channel) r.room()).key()));
        cached = List.copyOf(collecting);
        cachedAt = clock.instant();
        done.countDown();
        collecting = null;
        done = null;
    }

    private Optional<RoomListing> entry(IrcMessage message) {
        if (message.params().size() < 3) {
            return Optional.empty();
        }
        String channel = message.params().get(1);
        if (IrcNames.channelProblem(channel).isPresent()) {
            return Optional.empty();
        }
        int count;
        try {
            count = Integer.parseInt(message.params().get(2));
        } catch (NumberFormatException e) {
            count = -1;
        }
        String topic = message.params().size() > 3 ? message.params().get(3) : "";
        return Optional.of(new RoomListing(new IrcAddress.Channel(host, channel), count, topic));
    }
}
