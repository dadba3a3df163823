package im.switchboard.core.testing.stanza;

import im.switchboard.core.link.SendResult;
import im.switchboard.core.link.StanzaOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.xmpp.packet.Packet;

/**
 * A {@link StanzaOutput} that records copies of what it is given, for tests. It can pretend its queue is full
 * ({@link #refuseNext(int)}) to exercise backpressure. Thread-safe; waits have deadlines.
 */
public final class RecordingStanzaOutput implements StanzaOutput {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Packet> sent = new ArrayList<>();
    private int refusals;
    private int refused;

    @Override
    public SendResult send(Packet packet) {
        lock.lock();
        try {
            if (refusals > 0) {
                refusals--;
                refused++;
                return SendResult.QUEUE_FULL;
            }
            sent.add(packet.createCopy());
            changed.signalAll();
            return SendResult.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** Answer {@link SendResult#QUEUE_FULL} to the next {@code count} sends ({@code Integer.MAX_VALUE}: always). */
    public void refuseNext(int count) {
        lock.lock();
        try {
            refusals = count;
        } finally {
            lock.unlock();
        }
    }

    /** How many sends were answered with {@code QUEUE_FULL}. */
    public int refusedCount() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }

    /** Everything queued so far, in order. */
    public List<Packet> packets() {
        lock.lock();
        try {
            return List.copyOf(sent);
        } finally {
            lock.unlock();
        }
    }

    /** Forget what was recorded. */
    public void clear() {
        lock.lock();
        try {
            sent.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The first recorded stanza that matches, waiting for it at most {@code timeout}. */
    public Packet await(Predicate<Packet> filter, Duration timeout) {
        List<Packet> found = awaitCount(filter, 1, timeout);
        return found.getFirst();
    }

    /** The first recorded stanza with the structure of {@code expectedXml} (see {@link Stanzas#matches}). */
    public Packet awaitStanza(String expectedXml, Duration timeout) {
        return await(p -> Stanzas.matches(expectedXml, p), timeout);
    }

    /** At least {@code count} matching stanzas, in order; fails with {@link AssertionError} at the deadline. */
    public List<Packet> awaitCount(Predicate<Packet> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<Packet> matching = sent.stream().filter(filter).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + count + " matching stanzas, got "
                            + matching.size() + "; recorded:\n" + describe());
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** All recorded stanzas that match, now. */
    public List<Packet> matching(Predicate<Packet> filter) {
        return packets().stream().filter(filter).toList();
    }

    private String describe() {
        StringBuilder s = new StringBuilder();
        for (Packet p : sent) {
            s.append(p.toXML()).append('\n');
        }
        return s.toString();
    }
}
