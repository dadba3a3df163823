package im.switchboard.core.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.xmpp.packet.Packet;

/** A {@link LinkListener} that records what it hears and lets tests wait for it. */
final class RecordingListener implements LinkListener {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Packet> packets = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
    private int ups;
    private int downs;

    @Override
    public void packetReceived(Packet packet) {
        lock.lock();
        try {
            packets.add(packet);
            if (threads.isEmpty() || !threads.get(threads.size() - 1).equals(Thread.currentThread().getName())) {
                threads.add(Thread.currentThread().getName());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void linkUp() {
        lock.lock();
        try {
            ups++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void linkDown(String reason) {
        lock.lock();
        try {
            downs++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<Packet> awaitPackets(int count, Duration timeout) {
        await(() -> packets.size() >= count, timeout, "packets: " + count);
        return packets();
    }

    List<Packet> packets() {
        lock.lock();
        try {
            return List.copyOf(packets);
        } finally {
            lock.unlock();
        }
    }

    /** Names of the threads that delivered packets, without repeats in a row. */
    List<String> deliveringThreads() {
        lock.lock();
        try {
            return List.copyOf(threads);
        } finally {
            lock.unlock();
        }
    }

    void awaitDowns(int count, Duration timeout) {
        await(() -> downs >= count, timeout, "linkDown calls: " + count);
    }

    void awaitUps(int count, Duration timeout) {
        await(() -> ups >= count, timeout, "linkUp calls: " + count);
    }

    private void await(BooleanSupplier check, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!check.getAsBoolean()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("timed out waiting for " + what + " (packets " + packets.size()
                            + ", ups " + ups + ", downs " + downs + ")");
                }
                changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }
}
