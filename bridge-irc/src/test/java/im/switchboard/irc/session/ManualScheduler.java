package im.switchboard.irc.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** A {@link ReconnectScheduler} the test drives: tasks run only when {@link #runNext()} is called. */
final class ManualScheduler implements ReconnectScheduler {

    /** One scheduled task. */
    record Task(Duration delay, Runnable task, boolean[] cancelled) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Task> pending = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(delay, task, new boolean[1]);
        lock.lock();
        try {
            pending.add(t);
            delays.add(delay);
        } finally {
            lock.unlock();
        }
        return () -> t.cancelled()[0] = true;
    }

    /** Runs the oldest task that is not cancelled; false when there is none. */
    boolean runNext() {
        Task next = null;
        lock.lock();
        try {
            while (!pending.isEmpty() && next == null) {
                Task t = pending.remove(0);
                if (!t.cancelled()[0]) {
                    next = t;
                }
            }
        } finally {
            lock.unlock();
        }
        if (next == null) {
            return false;
        }
        next.task().run();
        return true;
    }

    /** How many tasks wait and are not cancelled. */
    int waiting() {
        lock.lock();
        try {
            return (int) pending.stream().filter(t -> !t.cancelled()[0]).count();
        } finally {
            lock.unlock();
        }
    }

    /** Every delay asked for, in order. */
    List<Duration> delays() {
        lock.lock();
        try {
            return List.copyOf(delays);
        } finally {
            lock.unlock();
        }
    }
}
