package im.switchboard.core.history;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway keeps room history, as plain values ({@link HistoryConfig} maps the {@code [history]} section
 * to them).
 *
 * @param enabled         whether history is kept and replayed at all
 * @param perRoom         the retention: entries kept per (user, room); older ones are trimmed by the writer
 * @param replayMax       the most entries replayed on a join, whatever the client asks (XEP-0045 section 7.2.14
 *                        leaves the amount to "local service policy")
 * @param maxAge          entries older than this are neither replayed nor kept; empty keeps them by count only
 * @param flushInterval   how often the writer stores what is pending; a process that is killed loses at most
 *                        the entries of the last interval
 * @param flushBatch      the writer starts a batch early once this many entries are pending
 * @param pendingCapacity the bound of the write-behind buffer; beyond it the oldest pending entries are dropped
 *                        for storage (never for the relay, which never waits)
 */
public record HistorySettings(boolean enabled, int perRoom, int replayMax, Optional<Duration> maxAge,
                              Duration flushInterval, int flushBatch, int pendingCapacity) {

    /** Enabled, 100 per room, 20 replayed, no age limit, flushed every 200 ms or 10,000 entries, 100,000 pending. */
    public static final HistorySettings DEFAULT = new HistorySettings(true, 100, 20, Optional.empty(),
            Duration.ofMillis(200), 10_000, 100_000);

    public HistorySettings {
        if (perRoom < 1 || replayMax < 0 || flushBatch < 1 || pendingCapacity < 1) {
            throw new IllegalArgumentException("history limits must be positive: per-room " + perRoom
                    + ", replay-max " + replayMax + ", batch " + flushBatch + ", pending " + pendingCapacity);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        maxAge.ifPresent(age -> requirePositive(age, "maxAge"));
        requirePositive(flushInterval, "flushInterval");
    }

    /** A copy with another flush interval. */
    public HistorySettings withFlushInterval(Duration interval) {
        return new HistorySettings(enabled, perRoom, replayMax, maxAge, interval, flushBatch, pendingCapacity);
    }

    /** A copy with another retention per room. */
    public HistorySettings withPerRoom(int entries) {
        return new HistorySettings(enabled, entries, replayMax, maxAge, flushInterval, flushBatch, pendingCapacity);
    }

    /** A copy with another maximum age. */
    public HistorySettings withMaxAge(Optional<Duration> age) {
        return new HistorySettings(enabled, perRoom, replayMax, age, flushInterval, flushBatch, pendingCapacity);
    }

    /** A copy with another pending capacity. */
    public HistorySettings withPendingCapacity(int capacity) {
        return new HistorySettings(enabled, perRoom, replayMax, maxAge, flushInterval, flushBatch, capacity);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
