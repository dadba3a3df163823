package im.switchboard.irc.connection;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One connection's outgoing queue at the server's rate (I5): lines leave in the order they were queued, none is
 * dropped, a {@link TokenBucket} decides when. One writer virtual thread per connection, started with the first
 * line, so an idle connection costs no thread.
 */
final class SendQueue {

    /** Writes one line to the socket. */
    @FunctionalInterface
    interface LineSink {
        void write(String line) throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final TokenBucket bucket;
    private final LineSink sink;
    private final Consumer<IOException> onFailure;
    private final String threadName;
    private Thread writer;
    private boolean writing;
    private boolean stopped;

    SendQueue(TokenBucket bucket, LineSink sink, Consumer<IOException> onFailure, String threadName) {
        this.bucket = bucket;
        this.sink = sink;
        this.onFailure = onFailure;
        this.threadName = threadName;
    }

    /**
     * Queues {@code line}.
     *
     * @return false when the queue is stopped (the line was not queued)
     */
    boolean offer(String line) {
        lock.lock();
        try {
            if (stopped) {
                return false;
            }
            lines.addLast(line);
            if (writer == null) {
                writer = Thread.ofVirtual().name(threadName).start(this::run);
            }
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lines waiting. */
    int size() {
        lock.lock();
        try {
            return lines.size() + (writing ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every queued line was written, or the deadline passes.
     *
     * @return whether the queue is empty
     */
    boolean awaitDrained(long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        lock.lock();
        try {
            while ((!lines.isEmpty() || writing) && !stopped) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return lines.isEmpty() && !writing;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the writer; lines still queued are not written. Idempotent. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            String line;
            lock.lock();
            try {
                while (true) {
                    if (stopped) {
                        return;
                    }
                    if (lines.isEmpty()) {
                        changed.await();
                        continue;
                    }
                    long wait = bucket.delayNanos();
                    if (wait > 0) {
                        changed.await(wait, TimeUnit.NANOSECONDS);
                        continue;
                    }
                    break;
                }
                line = lines.pollFirst();
                bucket.take();
                writing = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                sink.write(line);
            } catch (IOException e) {
                stop();
                onFailure.accept(e);
                return;
            } finally {
                lock.lock();
                try {
                    writing = false;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
