package im.switchboard.irc.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 *
 * <p>Lines are encoded (UTF-8, CRLF added) once, when queued. The writer takes every line the bucket lets leave
 * now, up to {@link #MAX_WRITE_LINES} lines or {@link #MAX_WRITE_BYTES} bytes, and hands them to the sink as one
 * write: a backlog costs one system call per write, not per line.
 */
final class SendQueue {

    /** Writes lines to the socket: {@code length} bytes of {@code lines}, whole lines each ended by CRLF. */
    @FunctionalInterface
    interface LineSink {
        void write(byte[] lines, int length) throws IOException;
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
    /** At most this many lines go to the socket in one write. */
    static final int MAX_WRITE_LINES = 64;
    /** ... and at most about this many bytes (a longer single line still goes whole). */
    static final int MAX_WRITE_BYTES = 16 * 1024;

    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private final int maxLines;
    private final long maxBytes;
    private long queuedBytes;
    private final TokenBucket bucket;
    private final LineSink sink;
    private final Consumer<IOException> onFailure;
    private final String threadName;
    private Thread writer;
    /** Lines taken by the writer and not yet written. */
    private int writingLines;
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
        List<byte[]> encoded = new ArrayList<>(batch.size());
        long batchBytes = 0;
        for (String line : batch) {
            byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
            encoded.add(bytes);
            batchBytes += bytes.length;
        }
        lock.lock();
        try {
            if (stopped) {
                return Offer.STOPPED;
            }
            if (lines.size() + batch.size() > maxLines || queuedBytes + batchBytes > maxBytes) {
                return Offer.FULL;
            }
            lines.addAll(encoded);
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

    /** Lines waiting. */
    int size() {
        lock.lock();
        try {
            return lines.size() + writingLines;
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
            while ((!lines.isEmpty() || writingLines > 0) && !stopped) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return lines.isEmpty() && writingLines == 0;
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
        List<byte[]> taken = new ArrayList<>();
        while (true) {
            int length = 0;
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
                do {
                    byte[] line = lines.pollFirst();
                    queuedBytes -= line.length;
                    bucket.take();
                    taken.add(line);
                    length += line.length;
                } while (!lines.isEmpty() && taken.size() < MAX_WRITE_LINES
                        && length + lines.peekFirst().length <= MAX_WRITE_BYTES && bucket.delayNanos() == 0);
                writingLines = taken.size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            // A buffer per write, not one kept per connection: an idle connection holds no write buffer (memory
            // per connection is a target, docs/performance.md), and a short-lived array is cheap to allocate and to
            // collect.
            byte[] buffer = new byte[length];
            int at = 0;
            for (byte[] line : taken) {
                System.arraycopy(line, 0, buffer, at, line.length);
                at += line.length;
            }
            taken.clear();
            try {
                sink.write(buffer, length);
            } catch (IOException e) {
                stop();
                onFailure.accept(e);
                return;
            } finally {
                lock.lock();
                try {
                    writingLines = 0;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
