package im.switchboard.core.routing;

import im.switchboard.core.link.SendResult;
import im.switchboard.core.link.StanzaOutput;
import im.switchboard.core.stats.Counters;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.Packet;

/**
 * The component's way out to the link. Every stanza that is not queued is counted and logged, never dropped
 * silently. Thread-safe.
 *
 * <p>Two ways to send: {@link #send} never blocks (for the link's reader thread and user actors), and
 * {@link #sendWithBackpressure} waits a bounded time while the link's queue is full (for legacy I/O threads:
 * waiting there slows the legacy socket down, which is the backpressure CONVENTIONS asks for). The latter is
 * bulk traffic: it may fill only part of the queue ({@link StanzaOutput#sendBulk}), so replies and errors sent
 * with {@link #send} keep room (THREATS X11).
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Counters counters;
    private final Duration backpressureTimeout;
    private volatile StanzaOutput output;

    public Outbox(Counters counters, Duration backpressureTimeout) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.backpressureTimeout = Objects.requireNonNull(backpressureTimeout, "backpressureTimeout");
    }

    /** Connect to the link; called once by the component's {@code start}. */
    public void bind(StanzaOutput stanzaOutput) {
        this.output = Objects.requireNonNull(stanzaOutput, "stanzaOutput");
    }

    /** Queue without waiting. */
    public SendResult send(Packet packet) {
        SendResult result = attempt(packet);
        if (result != SendResult.QUEUED) {
            dropped(packet, result);
        }
        return result;
    }

    /** Queue, retrying for at most the backpressure timeout while the link's queue is full. */
    public SendResult sendWithBackpressure(Packet packet) {
        long deadline = System.nanoTime() + backpressureTimeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        SendResult result = attemptBulk(packet);
        while (result == SendResult.QUEUE_FULL && System.nanoTime() - deadline < 0
                && !Thread.currentThread().isInterrupted()) {
            // StanzaOutput offers no notification when space frees up; a short, growing pause bounds the spin.
            LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            result = attemptBulk(packet);
        }
        if (result != SendResult.QUEUED) {
            dropped(packet, result);
        }
        return result;
    }

    /** Send a stanza error reply and count it. */
    public SendResult sendError(Packet errorReply) {
        counters.errorSent();
        return send(errorReply);
    }

    private SendResult attemptBulk(Packet packet) {
        StanzaOutput out = output;
        return out == null ? SendResult.CLOSED : out.sendBulk(packet);
    }

    private SendResult attempt(Packet packet) {
        StanzaOutput out = output;
        if (out == null) {
            return SendResult.CLOSED;
        }
        return out.send(packet);
    }

    private void dropped(Packet packet, SendResult result) {
        counters.dropped();
        LOG.warn("outbound {} to {} dropped: {}", packet.getElement().getName(), packet.getTo(), result);
    }
}
