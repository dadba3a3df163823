package im.switchboard.core.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One user's actor: a bounded mailbox drained by at most one virtual thread at a time, so tasks run one by one
 * in the order they were offered.
 *
 * <p>The thread ends after the mailbox stayed empty for the idle timeout; the next offer starts a new one. The
 * hand-over is race-free: a drainer that found the mailbox empty clears {@code running} and then looks again,
 * so a task offered in between is either seen by it or starts the next drainer - never both, never neither.
 */
public final class UserActor {

    private static final Logger LOG = LoggerFactory.getLogger(UserActor.class);

    private final String user;
    private final BlockingQueue<Runnable> mailbox;
    private final Duration idleTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Tasks the running task posted to its own actor: run right after it, before the next mailbox task. */
    private final ArrayDeque<Runnable> followUps = new ArrayDeque<>();
    /** The thread draining the mailbox now, or null. */
    private final AtomicReference<Thread> drainer = new AtomicReference<>();

    /**
     * @param user        the normalised bare JID, for thread names and the MDC
     * @param capacity    the mailbox bound
     * @param idleTimeout how long the thread waits for work before it ends
     */
    public UserActor(String user, int capacity, Duration idleTimeout) {
        this.user = Objects.requireNonNull(user, "user");
        // LinkedBlockingQueue allocates per element, so an idle user's mailbox costs almost nothing.
        this.mailbox = new LinkedBlockingQueue<>(capacity);
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /** Post a task without blocking; {@code false} when the mailbox is full. */
    public boolean offer(Runnable task) {
        if (!mailbox.offer(task)) {
            return false;
        }
        ensureRunning();
        return true;
    }

    /** Post a task, waiting at most {@code wait} for room (lifecycle threads only, never the link's reader). */
    public boolean offer(Runnable task, Duration wait) throws InterruptedException {
        if (!mailbox.offer(task, wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        ensureRunning();
        return true;
    }

    /**
     * Post a task from any thread. From the actor's own thread (a bridge that reports a fact while the actor is
     * calling it, for example a join answered at once) the task runs right after the current one and never
     * waits: waiting for room in its own mailbox would deadlock the actor. From any other thread this is
     * {@link #offer(Runnable, Duration)}.
     */
    public boolean post(Runnable task, Duration wait) throws InterruptedException {
        if (Thread.currentThread() == drainer.get()) {
            followUps.add(task);
            return true;
        }
        return offer(task, wait);
    }

    /** Whether a thread is draining the mailbox now. */
    public boolean isRunning() {
        return running.get();
    }

    /** Tasks waiting. */
    public int pending() {
        return mailbox.size();
    }

    private void ensureRunning() {
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("user-actor-" + user).start(this::drain);
        }
    }

    private void drain() {
        MDC.put("user", user);
        drainer.set(Thread.currentThread());
        try {
            while (true) {
                Runnable task = mailbox.poll();
                if (task == null) {
                    // Let the producer (the link's reader, a virtual thread too) run once before parking: under
                    // load it refills the mailbox, which spares a park and an unpark per message.
                    Thread.yield();
                    task = mailbox.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
                }
                if (task == null) {
                    running.set(false);
                    if (mailbox.isEmpty() || !running.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                runOne(task);
                for (Runnable next = followUps.poll(); next != null; next = followUps.poll()) {
                    runOne(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handOver();
        } finally {
            // A successor may already have started and set itself; only clear our own mark.
            drainer.compareAndSet(Thread.currentThread(), null);
            MDC.remove("user");
        }
    }

    private void runOne(Runnable task) {
        try {
            task.run();
        } catch (VirtualMachineError e) {
            // Out of memory or stack: nothing sensible to do per user. Let a successor drain what is queued.
            handOver();
            throw e;
        } catch (Throwable e) {
            // One failing task must not kill the user's actor, not even an Error from bridge code (a failed
            // static initialiser, an assertion); the task itself answers the user.
            LOG.error("task of user {} failed", user, e);
        }
    }

    /** The drainer ends abnormally: clear {@code running}, and start a successor if work is waiting. */
    private void handOver() {
        running.set(false);
        if (!mailbox.isEmpty()) {
            ensureRunning();
        }
    }
}
