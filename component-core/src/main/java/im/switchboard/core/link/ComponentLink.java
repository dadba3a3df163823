package im.switchboard.core.link;

import im.switchboard.core.stanza.DelayStamp;
import im.switchboard.core.stanza.InvalidStanzaException;
import im.switchboard.core.stanza.OutboundValidator;
import im.switchboard.core.stanza.StanzaKind;
import im.switchboard.core.stanza.StanzaSummary;
import im.switchboard.core.stanza.StreamErrorCondition;
import im.switchboard.core.stanza.StreamEvent;
import im.switchboard.core.stanza.ValidStanza;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's XEP-0114 link to its XMPP server for one component domain.
 *
 * <p>Threads: one reader and one writer, both virtual. The reader connects, handshakes, parses the inbound
 * stream and calls the {@link LinkListener} in stream order; after the link is lost it reconnects forever
 * with exponential backoff and full jitter (THREATS X8). The writer drains a bounded FIFO queue in order,
 * batching writes and flushing when the queue is momentarily empty. {@link #send} may be called from any
 * thread and never blocks on I/O.
 *
 * <p>Delivery: a stanza whose write or flush fails goes back to the head of the queue and is written after
 * the next handshake; a stanza flushed into the kernel just before the TCP connection died can be lost, as
 * XEP-0114 has no acknowledgements. Messages that waited for a reconnect carry an XEP-0203 delay with the
 * time they were queued; IQ results and errors go out late rather than never (RFC 6120 section 8.2.3: a request
 * the server delivered before the link broke is owed its reply).
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} any number of times. A link whose start failed is
 * closed; create a new one to try again.
 */
public final class ComponentLink implements StanzaOutput, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentLink.class);
    private static final String PING_NAMESPACE = "urn:xmpp:ping";
    private static final long OVERFLOW_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration MAX_CLOSE_FLUSH = Duration.ofSeconds(10);
    private static final int MAX_FAILED_WRITES = 3;
    private static final int BULK_SHARE_PERCENT = 80;

    private final LinkSettings settings;
    private final LinkListener listener;
    private final OutboundValidator validator;
    private final Connector connector;
    private final String pingPrefix;
    private final AtomicLong pingCounter = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writerWake = lock.newCondition();
    private final Condition closingWake = lock.newCondition();
    private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
    /** Bytes of the stanzas in {@link #queue}; guarded by {@link #lock}. */
    private long queuedBytes;
    private volatile LinkState state = LinkState.NEW;
    private volatile boolean closing;
    private Connection current;
    private long epoch;
    private long closeDeadline;
    private long lastOverflowLog;
    private long overflowSinceLog;
    private Thread reader;
    private Thread writer;
    /** Reconnect attempts since the last connection that stayed up; touched by the reader thread only. */
    private int attempt;

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder overflow = new LongAdder();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile String lastError;

    /** A link that does nothing until {@link #start()}. */
    public ComponentLink(LinkSettings settings, LinkListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.validator = new OutboundValidator(settings.componentDomain(), settings.limits());
        this.connector = new Connector(settings);
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        this.pingPrefix = "sb-ka-" + HexFormat.of().formatHex(random) + "-";
    }

    /**
     * Validate the settings, connect and handshake; returns once the first handshake succeeded, after which
     * the link keeps itself up until {@link #close()}.
     *
     * @throws LinkStartException with a message for the operator: invalid settings, wrong secret, no
     *     Component entry, nothing listening, TLS failure
     * @throws IllegalStateException when called twice
     */
    public void start() throws LinkStartException {
        lock.lock();
        try {
            if (state != LinkState.NEW || closing) {
                throw new IllegalStateException("start() may be called once, on a new link; state is " + state);
            }
            state = LinkState.CONNECTING;
        } finally {
            lock.unlock();
        }
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            state = LinkState.CLOSED;
            throw new LinkStartException("Invalid component link settings for " + settings.componentDomain() + ": "
                    + String.join("; ", problems));
        }
        Connection connection;
        try {
            connection = connector.connect();
        } catch (LinkFailure e) {
            state = LinkState.CLOSED;
            lastError = e.getMessage();
            throw new LinkStartException("Cannot start the component link for " + settings.componentDomain()
                    + ": " + e.getMessage(), e, e.kind().configuration());
        }
        lock.lock();
        try {
            if (closing) {
                connection.close();
                state = LinkState.CLOSED;
                throw new LinkStartException("the component link was closed while starting");
            }
            publish(connection);
            String domain = settings.componentDomain();
            writer = Thread.ofVirtual().name("link-writer-" + domain).start(this::writerThread);
            reader = Thread.ofVirtual().name("link-reader-" + domain).start(() -> readLoop(connection));
        } finally {
            lock.unlock();
        }
        LOG.info("Component link up: {} at {}", settings.componentDomain(), connector.peer());
    }

    /** Caller holds {@link #lock}. */
    private void publish(Connection connection) {
        epoch++;
        connection.epoch = epoch;
        current = connection;
        state = LinkState.UP;
        writerWake.signalAll();
    }

    @Override
    public SendResult send(Packet packet) {
        return enqueue(packet, settings.queueCapacity(), settings.queueMaxBytes());
    }

    /**
     * Bulk traffic (legacy -> XMPP messages) may fill only {@value #BULK_SHARE_PERCENT}% of the queue: the rest stays
     * free for replies, errors and presence, so that one user's flood never costs another user an IQ reply
     * (THREATS X11).
     */
    @Override
    public SendResult sendBulk(Packet packet) {
        return enqueue(packet, Math.max(1, (int) ((long) settings.queueCapacity() * BULK_SHARE_PERCENT / 100)),
                settings.queueMaxBytes() * BULK_SHARE_PERCENT / 100);
    }

    private SendResult enqueue(Packet packet, int limit, long byteLimit) {
        if (closing) {
            return SendResult.CLOSED;
        }
        ValidStanza stanza;
        try {
            stanza = validator.validate(packet);
        } catch (InvalidStanzaException | RuntimeException e) {
            rejected.increment();
            LOG.warn("Dropped invalid outbound {}: {}", OutboundValidator.summary(packet), e.getMessage());
            return SendResult.REJECTED_INVALID;
        }
        lock.lock();
        try {
            if (closing) {
                return SendResult.CLOSED;
            }
            boolean up = state == LinkState.UP;
            if (queue.size() >= limit || queuedBytes + stanza.xml().length > byteLimit) {
                overflow.increment();
                logOverflow();
                return SendResult.QUEUE_FULL;
            }
            queuedBytes += stanza.xml().length;
            queue.addLast(new Outbound(stanza.xml(), stanza.kind(), stanza.stampable(), stanza.summary(),
                    up ? epoch : -1, System.currentTimeMillis(), false, 0, -1));
            writerWake.signal();
            return SendResult.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds {@link #lock}. At most one warning per interval, with the count since the last one. */
    private void logOverflow() {
        overflowSinceLog++;
        long now = System.nanoTime();
        if (lastOverflowLog == 0 || now - lastOverflowLog >= OVERFLOW_LOG_INTERVAL_NANOS) {
            LOG.warn("Outbound queue for {} is full ({} stanzas, link {}): dropped {} stanza(s) since the last"
                    + " warning", settings.componentDomain(), queue.size(), state, overflowSinceLog);
            lastOverflowLog = now;
            overflowSinceLog = 0;
        }
    }

    /** The current state. */
    public LinkState state() {
        return state;
    }

    /** A snapshot of the counters. */
    public LinkStats stats() {
        int queued;
        lock.lock();
        try {
            queued = queue.size();
        } finally {
            lock.unlock();
        }
        return new LinkStats(received.sum(), sent.sum(), rejected.sum(), overflow.sum(), queued,
                reconnects.get(), lastError);
    }

    /**
     * Flush the queue (waiting at most the keepalive timeout, capped at 10 s, while the link is up), close our
     * stream with {@code </stream:stream>} (RFC 6120 section 4.4), and stop both threads. Idempotent.
     */
    @Override
    public void close() {
        Duration bound = settings.keepaliveTimeout().compareTo(MAX_CLOSE_FLUSH) < 0
                ? settings.keepaliveTimeout() : MAX_CLOSE_FLUSH;
        Thread writerThread;
        Thread readerThread;
        boolean first = false;
        lock.lock();
        try {
            if (!closing) {
                first = true;
                closing = true;
                closeDeadline = System.nanoTime() + bound.toNanos();
                writerWake.signalAll();
                closingWake.signalAll();
            }
            writerThread = writer;
            readerThread = reader;
        } finally {
            lock.unlock();
        }
        try {
            if (writerThread != null) {
                writerThread.join(bound.plusSeconds(2));
            }
            if (readerThread != null && !readerThread.join(Duration.ofSeconds(2))) {
                // The server did not answer our closing tag in time: end the connection ourselves.
                Connection connection = currentConnection();
                if (connection != null) {
                    connection.close();
                }
                readerThread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection connection = currentConnection();
        if (connection != null) {
            connection.close();
        }
        int unsent;
        lock.lock();
        try {
            unsent = queue.size();
            queue.clear();
            queuedBytes = 0;
            state = LinkState.CLOSED;
        } finally {
            lock.unlock();
        }
        if (first) {
            if (unsent > 0) {
                LOG.warn("Component link {} closed with {} stanza(s) not sent", settings.componentDomain(), unsent);
            } else {
                LOG.info("Component link {} closed", settings.componentDomain());
            }
        }
    }

    private Connection currentConnection() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- writer

    /**
     * The writer's thread: a bug in the write path (a {@link RuntimeException} or an {@link Error} other than a
     * {@link VirtualMachineError}) must not leave a link that reads and hand-shakes but never writes. The stanzas of
     * the batch in hand are lost with the connection (logged); the queue is kept.
     */
    private void writerThread() {
        while (true) {
            try {
                writeLoop();
                return;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.error("Component link {}: the writer failed; closing the connection and writing on",
                        settings.componentDomain(), e);
                Connection broken = current;
                if (broken != null) {
                    broken.close();
                }
            }
        }
    }

    private void writeLoop() {
        List<Outbound> batch = new ArrayList<>();
        Connection batchConnection = null;
        int batchBytes = 0;
        boolean yieldedForBatch = false;
        while (true) {
            Outbound item = null;
            Connection connection = null;
            boolean finish = false;
            boolean yieldFirst = false;
            lock.lock();
            try {
                while (true) {
                    Connection up = state == LinkState.UP ? current : null;
                    if (!batch.isEmpty() && (up != batchConnection || queue.isEmpty())) {
                        // Before flushing a batch because the queue ran dry, let the producers (the reader and the
                        // users' actors, virtual threads on the same carriers) run once: under load they refill the
                        // queue, and one flush then carries many stanzas instead of one system call per stanza.
                        yieldFirst = up == batchConnection && !yieldedForBatch && !closing;
                        break;
                    }
                    if (closing && (up == null || queue.isEmpty() || System.nanoTime() >= closeDeadline)) {
                        finish = true;
                        connection = up;
                        break;
                    }
                    if (up != null && !queue.isEmpty()) {
                        item = queue.pollFirst();
                        queuedBytes -= item.xml().length;
                        connection = up;
                        break;
                    }
                    if (closing) {
                        writerWake.awaitNanos(closeDeadline - System.nanoTime());
                    } else {
                        writerWake.await();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finish = true;
            } finally {
                lock.unlock();
            }
            if (yieldFirst) {
                yieldedForBatch = true;
                Thread.yield();
                continue;
            }
            if (!batch.isEmpty() && (item == null || finish)) {
                if (!flush(batchConnection, batch)) {
                    requeue(batch, batchConnection);
                }
                batch.clear();
                batchBytes = 0;
                batchConnection = null;
                yieldedForBatch = false;
            }
            if (finish) {
                if (connection != null) {
                    // RFC 6120 section 4.4: close our stream; the reader waits for the server's closing tag.
                    connection.tryWriteNow("</stream:stream>");
                }
                return;
            }
            if (item == null) {
                continue;
            }
            byte[] bytes = prepare(item, connection);
            if (bytes == null) {
                continue;
            }
            if (!batch.isEmpty() && batchBytes + bytes.length > Connection.WRITE_BUFFER) {
                boolean flushed = flush(batchConnection, batch);
                if (!flushed) {
                    batch.add(item);
                    requeue(batch, batchConnection);
                }
                batch.clear();
                batchBytes = 0;
                batchConnection = null;
                yieldedForBatch = false;
                if (!flushed) {
                    continue;
                }
            }
            try {
                connection.write(bytes);
                batch.add(item);
                batchBytes += bytes.length;
                batchConnection = connection;
            } catch (IOException e) {
                batch.add(item);
                requeue(batch, connection);
                batch.clear();
                batchBytes = 0;
                batchConnection = null;
                yieldedForBatch = false;
                writeFailed(connection, e);
            }
        }
    }

    /** The bytes to write for {@code item} on {@code connection}, or null to drop it. */
    private byte[] prepare(Outbound item, Connection connection) {
        if (item.epoch() == connection.epoch) {
            return item.xml();
        }
        if (item.ping()) {
            return null;
        }
        return switch (item.kind()) {
            // XEP-0203: the message waited for a reconnect; tell the recipient when it was sent.
            case MESSAGE -> item.stampable() ? DelayStamp.insert(item.xml(), settings.componentDomain(),
                    Instant.ofEpochMilli(item.queuedAtMillis())) : item.xml();
            default -> item.xml();
        };
    }

    /** Flush {@code batch}; on failure the caller puts it back at the head of the queue. */
    private boolean flush(Connection connection, List<Outbound> batch) {
        try {
            connection.flush();
            for (Outbound item : batch) {
                if (!item.ping()) {
                    sent.increment();
                }
            }
            return true;
        } catch (IOException e) {
            writeFailed(connection, e);
            return false;
        }
    }

    /**
     * Put stanzas whose connection died back at the head of the queue, in their order, ahead of everything queued
     * since. A stanza that was in flight on
     * {@value #MAX_FAILED_WRITES} different dying connections is taken for the cause (a server that drops the
     * connection on it, for example because its stanza limit is lower than ours) and dropped, never replayed again
     * (THREATS X1). Failed attempts on one connection count once: the writer may try a dead socket again before the
     * reader has noticed that it is dead.
     */
    private void requeue(List<Outbound> items, Connection failed) {
        lock.lock();
        try {
            for (int i = items.size() - 1; i >= 0; i--) {
                Outbound item = items.get(i).failedOn(failed.epoch);
                if (item.failedWrites() >= MAX_FAILED_WRITES && !item.ping()) {
                    rejected.increment();
                    LOG.warn("Dropped outbound {}: it was in flight on {} connections that died; not sent again",
                            item.summary(), item.failedWrites());
                    continue;
                }
                queue.addFirst(item);
                queuedBytes += item.xml().length;
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeFailed(Connection connection, IOException e) {
        if (!connection.isClosed() && !closing) {
            LOG.warn("Writing to {} failed: {}; the stanzas stay queued for the next connection", connection.peer,
                    e.getMessage());
        }
        // The reader sees the closed socket and reconnects.
        connection.close();
    }

    // ---------------------------------------------------------------- reader

    /** Why a connection ended, and whether the next attempt waits the maximum backoff. */
    private record End(String reason, boolean configuration) {
    }

    private void readLoop(Connection first) {
        Connection connection = first;
        while (true) {
            long upSince = System.nanoTime();
            notifyListener(listener::linkUp);
            End end = runConnection(connection);
            connection.close();
            boolean stop;
            lock.lock();
            try {
                if (current == connection) {
                    current = null;
                }
                stop = closing;
                state = stop ? LinkState.CLOSED : LinkState.RECONNECTING;
                lastError = end.reason();
                writerWake.signalAll();
            } finally {
                lock.unlock();
            }
            String reason = end.reason();
            notifyListener(() -> listener.linkDown(reason));
            if (stop) {
                return;
            }
            // A connection that stayed up a while resets the backoff; a server that accepts and drops at once
            // keeps it growing.
            if (System.nanoTime() - upSince > settings.maxBackoff().toNanos()) {
                attempt = 0;
            }
            Duration wait = end.configuration() ? settings.maxBackoff() : backoff(attempt++);
            if (end.configuration()) {
                // THREATS X3: not-authorized, host-unknown or conflict: retry, but only at the max backoff.
                LOG.error("Component link {} to {} lost: {}; retrying in {} ms", settings.componentDomain(),
                        connector.peer(), reason, wait.toMillis());
            } else {
                LOG.warn("Component link {} to {} lost: {}; reconnecting in {} ms", settings.componentDomain(),
                        connector.peer(), reason, wait.toMillis());
            }
            connection = reconnect(wait);
            if (connection == null) {
                return;
            }
        }
    }

    /** Wait, then try until a handshake succeeds; null when the link was closed meanwhile. */
    private Connection reconnect(Duration firstWait) {
        Duration wait = firstWait;
        while (true) {
            if (!awaitBackoff(wait)) {
                state = LinkState.CLOSED;
                return null;
            }
            try {
                Connection connection = connector.connect();
                lock.lock();
                try {
                    if (closing) {
                        connection.close();
                        state = LinkState.CLOSED;
                        return null;
                    }
                    publish(connection);
                } finally {
                    lock.unlock();
                }
                reconnects.incrementAndGet();
                LOG.info("Component link {} to {} is up again", settings.componentDomain(), connector.peer());
                return connection;
            } catch (LinkFailure e) {
                lastError = e.getMessage();
                if (e.kind().configuration()) {
                    // THREATS X3: a configuration problem or another instance; no hot retry loop.
                    wait = settings.maxBackoff();
                    LOG.error("Component link {}: {}; retrying in {} ms", settings.componentDomain(), e.getMessage(),
                            wait.toMillis());
                } else {
                    wait = backoff(attempt++);
                    LOG.warn("Component link {}: {}; retrying in {} ms", settings.componentDomain(), e.getMessage(),
                            wait.toMillis());
                }
            }
        }
    }

    /** Exponential backoff with full jitter: uniform in [0, min(max, initial * 2^attempt)]. */
    Duration backoff(int failures) {
        long initial = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long cap = failures >= 30 ? max : Math.min(max, initial << failures);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private boolean awaitBackoff(Duration wait) {
        lock.lock();
        try {
            long remaining = wait.toNanos();
            while (!closing && remaining > 0) {
                remaining = closingWake.awaitNanos(remaining);
            }
            return !closing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Read until the connection ends. Keepalive (THREATS X8, XEP-0199): a ping every interval, whatever else is
     * read, since only a reply proves both directions: a server that stops reading from us can keep sending.
     */
    private End runConnection(Connection connection) {
        long interval = settings.keepaliveInterval().toNanos();
        long timeout = settings.keepaliveTimeout().toNanos();
        long lastProof = System.nanoTime();
        String pingId = null;
        long pingDeadline = 0;
        int soTimeout = -1;
        try {
            while (true) {
                StreamEvent event;
                while ((event = connection.parser.poll()) != null) {
                    switch (event) {
                        case StreamEvent.TopElement top -> {
                            Element element = top.element();
                            if (isPingReply(element)) {
                                if (element.attributeValue("id").equals(pingId)) {
                                    pingId = null;
                                    lastProof = System.nanoTime();
                                }
                                continue;
                            }
                            End end = handle(connection, element);
                            if (end != null) {
                                return end;
                            }
                        }
                        case StreamEvent.StreamClosed closed -> {
                            // RFC 6120 section 4.4: answer the server's closing tag with ours (when closing, the
                            // writer has sent it already).
                            if (!closing) {
                                connection.tryWriteNow("</stream:stream>");
                            }
                            return new End(closing ? "closed" : "the server closed the stream", false);
                        }
                        case StreamEvent.Violation violation -> {
                            StreamErrorCondition condition = violation.violation().condition();
                            connection.sendStreamError(condition);
                            return new End("the server sent bad XML (" + violation.violation().getMessage()
                                    + "); sent stream error <" + condition.elementName() + "/> and closed", false);
                        }
                        case StreamEvent.StreamOpened opened -> {
                            connection.sendStreamError(StreamErrorCondition.BAD_FORMAT);
                            return new End("the server sent a second stream header", false);
                        }
                    }
                }
                long now = System.nanoTime();
                if (!closing) {
                    if (pingId != null && now - pingDeadline >= 0) {
                        // No stream error: a peer that does not answer does not read either, and writing one
                        // would flush stanzas the writer still holds into the dead connection.
                        return new End("no reply to the keepalive ping within " + settings.keepaliveTimeout().toMillis()
                                + " ms: the link is dead (half-open TCP?)", false);
                    }
                    if (pingId == null && now - lastProof >= interval) {
                        pingId = sendPing(connection);
                        pingDeadline = now + timeout;
                    }
                }
                long waitNanos = pingId != null ? pingDeadline - now : interval - (now - lastProof);
                int wanted = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                if (wanted != soTimeout) {
                    connection.socket.setSoTimeout(wanted);
                    soTimeout = wanted;
                }
                int n;
                try {
                    n = connection.in.read(connection.readBuffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    return new End(closing ? "closed" : "the server closed the TCP connection without closing"
                            + " the stream", false);
                }
                connection.parser.feed(connection.readBuffer, 0, n);
            }
        } catch (IOException e) {
            return new End(closing ? "closed" : "connection lost: " + e.getMessage(), false);
        } catch (RuntimeException e) {
            // A bug must cost one connection, not the link.
            LOG.error("Component link {}: unexpected failure in the reader", settings.componentDomain(), e);
            return new End("internal error: " + e, false);
        }
    }

    private boolean isPingReply(Element element) {
        if (!element.getName().equals("iq") || !element.getNamespaceURI().isEmpty()) {
            return false;
        }
        String type = element.attributeValue("type");
        String id = element.attributeValue("id");
        // XEP-0199 section 4.2: a result or an error both prove the server is alive.
        return ("result".equals(type) || "error".equals(type)) && id != null && id.startsWith(pingPrefix);
    }

    /** Queue an XEP-0199 ping to the server at the head of the queue; returns its id. */
    private String sendPing(Connection connection) {
        String id = pingPrefix + pingCounter.incrementAndGet();
        String xml = "<iq type='get' id='" + id + "' from='" + settings.componentDomain() + "' to='"
                + settings.serverDomain() + "'><ping xmlns='" + PING_NAMESPACE + "'/></iq>";
        lock.lock();
        try {
            StanzaSummary summary = new StanzaSummary("iq", "get", id, settings.serverDomain());
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            queuedBytes += bytes.length;
            queue.addFirst(new Outbound(bytes, StanzaKind.IQ_REQUEST, false,
                    summary, connection.epoch, System.currentTimeMillis(), true, 0, -1));
            writerWake.signal();
        } finally {
            lock.unlock();
        }
        LOG.debug("Component link {}: keepalive ping to {}", settings.componentDomain(), settings.serverDomain());
        return id;
    }

    /** Deliver one first-level element; a non-null result ends the connection. */
    private End handle(Connection connection, Element element) {
        if (Connector.isStreamError(element)) {
            LinkFailure failure = connector.streamError(element, false);
            connection.tryWriteNow("</stream:stream>");
            return new End(failure.getMessage(), failure.kind().configuration());
        }
        if (!element.getNamespaceURI().isEmpty()) {
            connection.sendStreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE);
            return new End("the server sent an unsupported first-level element <" + element.getQualifiedName()
                    + "/>; sent stream error <unsupported-stanza-type/> and closed", false);
        }
        String name = element.getName();
        if (name.equals("handshake")) {
            // A repeated <handshake/> carries nothing; ignore it.
            return null;
        }
        if (!name.equals("message") && !name.equals("presence") && !name.equals("iq")) {
            connection.sendStreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE);
            return new End("the server sent an unsupported first-level element <" + name
                    + "/>; sent stream error <unsupported-stanza-type/> and closed", false);
        }
        Packet packet;
        try {
            // The server validated the addresses (RFC 6120 section 8.1.2); skip Tinder's re-stringprep.
            packet = switch (name) {
                case "message" -> new Message(element, true);
                case "presence" -> new Presence(element, true);
                default -> new IQ(element, true);
            };
        } catch (RuntimeException e) {
            LOG.warn("Component link {}: dropped an inbound {} Tinder cannot read: {}", settings.componentDomain(),
                    name, e.toString());
            return null;
        }
        received.increment();
        try {
            listener.packetReceived(packet);
        } catch (RuntimeException e) {
            LOG.error("Listener failed on inbound {}; the link continues", OutboundValidator.summary(packet), e);
        }
        return null;
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("Link listener failed", e);
        }
    }
}
