package im.switchboard.irc.session;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnect waits (THREATS I9, C1): exponential with "full jitter". The bound starts at twice {@code min} and doubles
 * per attempt up to {@code max}, and the wait is drawn uniformly between {@code min} and that bound, so users who
 * lost the same server at the same moment spread their reconnects over the whole window instead of arriving
 * together (each session has its own random generator: per-user jitter). {@code min} is kept as a floor so a
 * server that refuses at once never sees a hot loop.
 *
 * <p>Not thread-safe: each {@link IrcServerLink} uses its own under its lock.
 */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.min = Objects.requireNonNull(min, "min");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min above max");
        }
    }

    /** The upper bound of the wait before attempt {@code attempt} (0 for the first retry). */
    Duration bound(int attempt) {
        long minMillis = Math.max(1, min.toMillis());
        // 2 * min for the first retry, doubling per attempt: jitter from the start
        long bound = attempt >= 40 ? Long.MAX_VALUE : minMillis << (attempt + 1);
        if (bound <= 0 || bound > max.toMillis()) {
            bound = max.toMillis();
        }
        return Duration.ofMillis(Math.max(bound, min.toMillis()));
    }

    /** The wait before attempt {@code attempt}: uniform in [min, bound(attempt)]. */
    Duration delay(int attempt) {
        return between(min, bound(attempt));
    }

    /** A wait drawn uniformly in [low, high]. */
    Duration between(Duration low, Duration high) {
        long lo = low.toMillis();
        long hi = Math.max(lo, high.toMillis());
        return Duration.ofMillis(lo + random.nextLong(hi - lo + 1));
    }
}
