package im.switchboard.core.link;

import im.switchboard.core.stanza.StanzaLimits;
import im.switchboard.core.stanza.StreamErrorCondition;
import im.switchboard.core.stanza.StreamEvent;
import im.switchboard.core.stanza.StreamParser;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP (or TLS) connection and its XML stream. The writer thread and, for stream errors, the reader
 * thread write through {@link #writeLock} so that stanzas never interleave.
 */
final class Connection implements AutoCloseable {

    static final int READ_BUFFER = 8 * 1024;
    static final int WRITE_BUFFER = 64 * 1024;

    final Socket socket;
    final InputStream in;
    final BufferedOutputStream out;
    final StreamParser parser;
    final ReentrantLock writeLock = new ReentrantLock();
    final byte[] readBuffer = new byte[READ_BUFFER];
    final String peer;
    /** Set under the link's lock before the connection is published to the writer. */
    volatile long epoch;
    private volatile boolean closed;

    Connection(Socket socket, StanzaLimits limits, String peer) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER);
        this.parser = new StreamParser(limits);
        this.peer = peer;
    }

    /** Buffer {@code bytes}; the caller flushes. */
    void write(byte[] bytes) throws IOException {
        writeLock.lock();
        try {
            out.write(bytes);
        } finally {
            writeLock.unlock();
        }
    }

    void flush() throws IOException {
        writeLock.lock();
        try {
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Write and flush at once (stream header, handshake). */
    void writeNow(String xml) throws IOException {
        writeLock.lock();
        try {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Best effort: write {@code xml} unless the writer holds the lock for longer than a second (it may be
     * stuck on a peer that stopped reading); errors are ignored because the connection is being dropped.
     */
    void tryWriteNow(String xml) {
        try {
            if (writeLock.tryLock(1, TimeUnit.SECONDS)) {
                try {
                    out.write(xml.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException e) {
            // The connection is going away; the stream error or closing tag is a courtesy.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Send a stream error and our closing tag (RFC 6120 section 4.9.1.1), best effort. */
    void sendStreamError(StreamErrorCondition condition) {
        tryWriteNow("<stream:error><" + condition.elementName() + " xmlns='" + StreamErrorCondition.NAMESPACE
                + "'/></stream:error></stream:stream>");
    }

    /**
     * The next stream event, reading as needed until {@code deadlineNanos}; null at end of input.
     *
     * @throws SocketTimeoutException when the deadline passes first
     */
    StreamEvent next(long deadlineNanos) throws IOException {
        while (true) {
            StreamEvent event = parser.poll();
            if (event != null) {
                return event;
            }
            if (parser.finished()) {
                return null;
            }
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remaining <= 0) {
                throw new SocketTimeoutException("timed out");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
            int n = in.read(readBuffer);
            if (n < 0) {
                return null;
            }
            parser.feed(readBuffer, 0, n);
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a broken socket may fail; it is closed either way.
        }
    }
}
