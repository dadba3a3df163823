package im.switchboard.core.session;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: the wait before attempt {@code n + 1} after {@code n} failures is
 * uniform in {@code [0, min(max, initial * 2^(n - 1))]}. Full jitter spreads the retries of many users who failed
 * together (a legacy server restarting, the gateway starting) instead of bunching them (THREATS I5, X8).
 *
 * @param initial the bound of the first wait
 * @param max     the largest wait
 * @param random  the source of the jitter (tests give a seeded one)
 */
public record RetryBackoff(Duration initial, Duration max, RandomGenerator random) {

    /** The always-on log-in retries: 5 s, doubling to 5 min. */
    public static final RetryBackoff KEPT_OPEN_LOGIN = new RetryBackoff(Duration.ofSeconds(5),
            Duration.ofMinutes(5), RandomGenerator.getDefault());

    public RetryBackoff {
        Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
    }

    /** The wait after {@code failures} failed attempts in a row ({@code failures >= 1}). */
    public Duration delay(int failures) {
        long cap = bound(failures);
        return Duration.ofMillis(random.nextLong(cap + 1));
    }

    /** The upper bound of {@link #delay}: {@code min(max, initial * 2^(failures - 1))}, in milliseconds. */
    public long bound(int failures) {
        int doublings = Math.max(0, failures - 1);
        long initialMs = initial.toMillis();
        long maxMs = max.toMillis();
        // 2^doublings overflows past 62; any doubling that passes the cap stays at it.
        return doublings >= 62 || initialMs > maxMs >> doublings ? maxMs : initialMs << doublings;
    }
}
