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
 *
 * <p>A tail counts its entries not yet through the writer ({@link #unflushed()}): {@link H2RoomHistory} evicts
 * only tails at zero, so nothing that exists in memory only is lost. An evicted tail takes no more entries
 * ({@link #add} returns -1) and the caller makes a new one, which loads the stored entries again.
 */
final class RoomTail {

    /** One entry with the sequence number that is also its row id in the file. */
    record Item(long seq, HistoryEntry entry) {
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Item> items;
    private boolean loaded;
    private boolean evicted;
    private int unflushed;
    private volatile long lastUsed;

    RoomTail(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 16));
    }

    /**
     * Add an entry, numbering it from {@code sequence} under this tail's lock, so that a room's numbers follow
     * the order of its entries.
     *
     * @return the entry's number, or -1 if this tail was evicted (the caller uses a new one)
     */
    long add(AtomicLong sequence, HistoryEntry entry) {
        lock.lock();
        try {
            if (evicted) {
                return -1;
            }
            unflushed++;
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

    /** One entry of this tail left the writer's queue: committed, or given up on (dropped, failed). */
    void flushed() {
        lock.lock();
        try {
            unflushed--;
        } finally {
            lock.unlock();
        }
    }

    /** Entries added but not yet through the writer. */
    int unflushed() {
        lock.lock();
        try {
            return unflushed;
        } finally {
            lock.unlock();
        }
    }

    void touch(long tick) {
        lastUsed = tick;
    }

    long lastUsed() {
        return lastUsed;
    }

    /** Marks the tail evicted if every entry is through the writer; whether it did. */
    boolean evictIfFlushed() {
        lock.lock();
        try {
            if (unflushed != 0) {
                return false;
            }
            evicted = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The number of the oldest entry in memory, or {@code otherwise} if there is none. */
    long firstSeq(long otherwise) {
        lock.lock();
        try {
            return items.isEmpty() ? otherwise : items.getFirst().seq();
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
     * Put stored entries (oldest first) in front, once; only those numbered below the oldest entry in memory,
     * since the others are in memory already. A second call does nothing.
     */
    void load(List<Item> older) {
        lock.lock();
        try {
            if (loaded) {
                return;
            }
            loaded = true;
            long bound = items.isEmpty() ? Long.MAX_VALUE : items.getFirst().seq();
            for (int i = older.size() - 1; i >= 0 && items.size() < capacity; i--) {
                if (older.get(i).seq() < bound) {
                    items.addFirst(older.get(i));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The entries numbered above {@code seq} (not stored yet, when {@code seq} is the newest row), oldest first. */
    List<HistoryEntry> entriesAfter(long seq) {
        lock.lock();
        try {
            List<HistoryEntry> list = new ArrayList<>();
            for (Item item : items) {
                if (item.seq() > seq) {
                    list.add(item.entry());
                }
            }
            return list;
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
