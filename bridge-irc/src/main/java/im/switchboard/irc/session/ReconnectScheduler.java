package im.switchboard.irc.session;

import java.time.Duration;

/**
 * Runs a task later, off the user's actor thread: the reconnects of {@link IrcServerLink}. Implementations are
 * thread-safe; each task runs on a thread of its own choosing and may block.
 */
public interface ReconnectScheduler {

    /** Runs {@code task} once after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Cancellable {
        /** Keeps the task from starting; no effect once it started. Idempotent. */
        void cancel();
    }

    /** The production scheduler: one virtual thread per task, parked for the delay. */
    static ReconnectScheduler virtualThreads() {
        return VirtualThreadScheduler.INSTANCE;
    }
}
