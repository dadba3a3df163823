package im.switchboard.irc.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One connection's outgoing queue at the server's rate (I5): lines leave in the order they were queued, none is
 * dropped, a {@link TokenBucket} decides when. One writer virtual thread per connection, started with the first
 * line, so an idle connection costs no thread.
 *
 * <p>The queue is bounded (lines and bytes): a user who sends faster than the server's rate for long would else
 * fill the gateway's memory. A batch (the lines of one message) is queued whole or not at all, so a refused message
 * never leaves half of its lines behind; a line once queued is never dropped.
 */
final class SendQueue {

    /** Writes one line to the socket. */
    @FunctionalInterface
    interface LineSink {
        void write(String line) throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** What {@link #offerAll} did. */
    enum Offer {
        /** Every line is queued. */
        QUEUED,
        /** Nothing queued: the lines do not fit in what is left of the bounds. */
        FULL,
        /** Nothing queued: the queue is stopped. */
        STOPPED
    }

    /** The default bound on lines waiting: minutes of backlog at an IRC server's usual rate. */
    static final int DEFAULT_MAX_LINES = 256;
    /** The default bound on bytes waiting (each line counted with its CRLF). */
    static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final int maxLines;
    private final long maxBytes;
    private long queuedBytes;
    private final TokenBucket bucket;
    private final LineSink sink;
    private final Consumer<IOException> onFailure;
    private final String threadName;
    private Thread writer;
    private boolean writing;
    private boolean stopped;

    SendQueue(TokenBucket bucket, LineSink sink, Consumer<IOException> onFailure, String threadName) {
        this(bucket, sink, onFailure, threadName, DEFAULT_MAX_LINES, DEFAULT_MAX_BYTES);
    }

    SendQueue(TokenBucket bucket, LineSink sink, Consumer<IOException> onFailure, String threadName, int maxLines,
            long maxBytes) {
        if (maxLines < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("the bounds must be positive");
        }
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.bucket = bucket;
        this.sink = sink;
        this.onFailure = onFailure;
        this.threadName = threadName;
    }

    /**
     * Queues {@code line}.
     *
     * @return false when the queue is stopped or full (the line was not queued)
     */
    boolean offer(String line) {
        return offerAll(List.of(line)) == Offer.QUEUED;
    }

    /** Queues every line of {@code batch}, in order, or none of them (see {@link Offer}). */
    Offer offerAll(List<String> batch) {
        long batchBytes = 0;
        for (String line : batch) {
            batchBytes += bytes(line);
        }
        lock.lock();
        try {
            if (stopped) {
                return Offer.STOPPED;
            }
            if (lines.size() + batch.size() > maxLines || queuedBytes + batchBytes > maxBytes) {
                return Offer.FULL;
            }
            lines.addAll(batch);
            queuedBytes += batchBytes;
            if (writer == null) {
                writer = Thread.ofVirtual().name(threadName).start(this::run);
            }
            changed.signalAll();
            return Offer.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** A line's size on the wire: its UTF-8 bytes and the CRLF. */
    private static long bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length + 2L;
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
                queuedBytes -= bytes(line);
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
