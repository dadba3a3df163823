package im.switchboard.core.register;

import im.switchboard.core.GatewaySettings.RegistrationLimits;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Sliding-window limits on registration attempts, per user and in all (THREATS G1, X11). Thread-safe. Memory is
 * bounded: only accepted attempts are remembered, at most {@code total} per window.
 */
public final class RateLimiter {

    private final RegistrationLimits limits;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Long> all = new ArrayDeque<>();
    private final Map<String, Deque<Long>> byUser = new HashMap<>();

    public RateLimiter(RegistrationLimits limits) {
        this(limits, System::nanoTime);
    }

    /** With a clock in nanoseconds, for tests. */
    public RateLimiter(RegistrationLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    /** Count an attempt of {@code user}; {@code false} (and not counted) when a limit is reached. */
    public boolean tryAcquire(String user) {
        long now = nanoClock.getAsLong();
        long oldest = now - limits.window().toNanos();
        lock.lock();
        try {
            expire(all, oldest);
            byUser.values().forEach(times -> expire(times, oldest));
            byUser.values().removeIf(Deque::isEmpty);
            Deque<Long> mine = byUser.getOrDefault(user, new ArrayDeque<>());
            if (all.size() >= limits.total() || mine.size() >= limits.perUser()) {
                return false;
            }
            all.addLast(now);
            mine.addLast(now);
            byUser.put(user, mine);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static void expire(Deque<Long> times, long oldest) {
        while (!times.isEmpty() && times.peekFirst() - oldest <= 0) {
            times.removeFirst();
        }
    }
}
