package im.switchboard.core.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The newest entries of one (user, room) in memory, so that a join reads no table. Entries appended by this
 * process are added at once; the ones stored by an earlier run are loaded once, on the first read, and put in
 * front. Thread-safe; the lock is held only for memory operations.
 */
final class RoomTail {

    /** One entry with the sequence number that is also its row id in the file. */
    record Item(long seq, HistoryEntry entry) {
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Item> items;
    private boolean loaded;

    RoomTail(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 16));
    }

    /**
     * Add an entry, numbering it from {@code sequence} under this tail's lock, so that a room's numbers follow
     * the order of its entries.
     *
     * @return the entry's number
     */
    long add(AtomicLong sequence, HistoryEntry entry) {
        lock.lock();
        try {
            long seq = sequence.getAndIncrement();
            items.addLast(new Item(seq, entry));
            if (items.size() > capacity) {
                items.removeFirst();
            }
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the entries of earlier runs are in. */
    boolean isLoaded() {
        lock.lock();
        try {
            return loaded;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Put the entries stored by earlier runs (oldest first; all older than anything added in this run) in front,
     * once. A second call does nothing.
     */
    void load(List<Item> older) {
        lock.lock();
        try {
            if (loaded) {
                return;
            }
            loaded = true;
            for (int i = older.size() - 1; i >= 0 && items.size() < capacity; i--) {
                items.addFirst(older.get(i));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The entries, oldest first. */
    List<HistoryEntry> entries() {
        lock.lock();
        try {
            List<HistoryEntry> list = new ArrayList<>(items.size());
            for (Item item : items) {
                list.add(item.entry());
            }
            return list;
        } finally {
            lock.unlock();
        }
    }
}
