package im.switchboard.irc.connection;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The send rate of one connection (I5): {@code burst} lines may leave at once, then one per {@code interval}.
 * A "theoretical arrival time" bucket (the generic cell rate algorithm): the state is one number, the time at
 * which the bucket is full again. Not thread-safe: the connection's writer owns it.
 */
final class TokenBucket {

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier clock;
    private long fullAt;

    /**
     * @param burst    lines that may leave back to back (at least 1)
     * @param interval the steady rate once the burst is spent; zero disables the throttle
     * @param clock    monotonic nanoseconds ({@code System::nanoTime}, a fake one in tests)
     */
    TokenBucket(int burst, Duration interval, LongSupplier clock) {
        if (burst < 1 || interval.isNegative()) {
            throw new IllegalArgumentException("burst must be positive and interval not negative");
        }
        this.intervalNanos = interval.toNanos();
        this.burstNanos = intervalNanos * (burst - 1);
        this.clock = clock;
        this.fullAt = clock.getAsLong();
    }

    /** Nanoseconds to wait before the next line may leave; zero when it may leave now. Takes nothing. */
    long delayNanos() {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long earliest = fullAt - burstNanos;
        return Math.max(0, earliest - now);
    }

    /** Records that one line left now; call only when {@link #delayNanos()} is zero. */
    void take() {
        if (intervalNanos == 0) {
            return;
        }
        long now = clock.getAsLong();
        fullAt = Math.max(fullAt, now) + intervalNanos;
    }
}
