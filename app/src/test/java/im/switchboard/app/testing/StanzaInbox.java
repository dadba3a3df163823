package im.switchboard.app.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Stanzas received and not yet taken by a test, in arrival order.
 *
 * <p>Threading: {@link #add} is called by Smack's listener thread, the other methods by test threads; all
 * of them are safe to call concurrently. Waiting uses a condition with a deadline, never a sleep.
 *
 * @param <T> the stanza type collected
 */
final class StanzaInbox<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<T> pending = new ArrayList<>();

    void add(T stanza) {
        lock.lock();
        try {
            pending.add(stanza);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the first pending stanza that matches, waiting up to {@code timeout} for one to arrive. */
    Optional<T> poll(Predicate<? super T> filter, Duration timeout) throws InterruptedException {
        List<T> taken = take(filter, 1, timeout);
        return taken.isEmpty() ? Optional.empty() : Optional.of(taken.getFirst());
    }

    /**
     * Takes {@code count} matching stanzas in arrival order, waiting up to {@code timeout} for them. When the
     * deadline passes first, returns the fewer matches found and leaves them pending. Non-matching stanzas
     * always stay pending.
     */
    List<T> take(Predicate<? super T> filter, int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<Integer> indexes = new ArrayList<>();
                for (int i = 0; i < pending.size() && indexes.size() < count; i++) {
                    if (filter.test(pending.get(i))) {
                        indexes.add(i);
                    }
                }
                List<T> matches = new ArrayList<>(indexes.size());
                indexes.forEach(i -> matches.add(pending.get(i)));
                if (matches.size() >= count) {
                    for (int i = indexes.size() - 1; i >= 0; i--) {
                        pending.remove((int) indexes.get(i));
                    }
                    return matches;
                }
                if (remaining <= 0) {
                    return matches;
                }
                remaining = arrived.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The pending stanzas, oldest first (a copy). */
    List<T> snapshot() {
        lock.lock();
        try {
            return List.copyOf(pending);
        } finally {
            lock.unlock();
        }
    }
}
