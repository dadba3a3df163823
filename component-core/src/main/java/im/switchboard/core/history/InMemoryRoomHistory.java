package im.switchboard.core.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Room history in memory: the last {@code perRoom} messages of each (user, room), lost on restart. The default
 * when no persistent store is configured; it is also the room archive (XEP-0313 section 6) of what it keeps.
 * Thread-safe (one lock; {@code append} is a few pointer moves under it, so it never slows the relay).
 */
public final class InMemoryRoomHistory implements RoomHistory {

    /** How many messages per room are kept when no bound is given. */
    public static final int DEFAULT_PER_ROOM = 50;

    private final int perRoom;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Map<String, ArrayDeque<HistoryEntry>>> byUser = new HashMap<>();

    /** Keeps {@value #DEFAULT_PER_ROOM} messages per room. */
    public InMemoryRoomHistory() {
        this(DEFAULT_PER_ROOM);
    }

    /** Keeps {@code perRoom} messages per room (0 keeps none). */
    public InMemoryRoomHistory(int perRoom) {
        if (perRoom < 0) {
            throw new IllegalArgumentException("perRoom must not be negative: " + perRoom);
        }
        this.perRoom = perRoom;
    }

    @Override
    public void append(String user, String room, HistoryEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (perRoom == 0) {
            return;
        }
        lock.lock();
        try {
            ArrayDeque<HistoryEntry> entries = byUser.computeIfAbsent(user, k -> new HashMap<>())
                    .computeIfAbsent(room, k -> new ArrayDeque<>());
            // XEP-0313 section 5: every archived message has an id; one without gets a fresh one here.
            entries.addLast(entry.archived());
            while (entries.size() > perRoom) {
                entries.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Newest first until a limit is hit: {@code since} (older entries are skipped), {@code maxStanzas},
     * {@code cap}, and {@code maxChars} over the bodies (an entry that would pass it ends the walk, so what is
     * returned is always the most recent run); returned oldest first.
     */
    @Override
    public List<HistoryEntry> recent(String user, String room, HistoryLimit limit) {
        int max = Math.min(limit.cap(), limit.maxStanzas().orElse(Integer.MAX_VALUE));
        int chars = limit.maxChars().orElse(Integer.MAX_VALUE);
        List<HistoryEntry> picked = new ArrayList<>();
        lock.lock();
        try {
            ArrayDeque<HistoryEntry> entries = byUser.getOrDefault(user, Map.of()).get(room);
            if (entries == null) {
                return List.of();
            }
            long used = 0;
            for (Iterator<HistoryEntry> it = entries.descendingIterator(); it.hasNext() && picked.size() < max;) {
                HistoryEntry entry = it.next();
                if (limit.since().isPresent() && entry.at().isBefore(limit.since().get())) {
                    break;
                }
                used += entry.body().length();
                if (used > chars) {
                    break;
                }
                picked.add(entry);
            }
        } finally {
            lock.unlock();
        }
        Collections.reverse(picked);
        return List.copyOf(picked);
    }

    /** Serves archives when it keeps anything at all. */
    @Override
    public boolean archives() {
        return perRoom > 0;
    }

    /** The room's kept entries (at most {@code perRoom}, the newest), paged by {@link ArchiveWalk}. */
    @Override
    public ArchivePage archive(String user, String room, ArchiveQuery query) {
        Objects.requireNonNull(query, "query");
        List<HistoryEntry> snapshot;
        lock.lock();
        try {
            ArrayDeque<HistoryEntry> entries = byUser.getOrDefault(user, Map.of()).get(room);
            snapshot = entries == null ? List.of() : List.copyOf(entries);
        } finally {
            lock.unlock();
        }
        return ArchiveWalk.page(new ArchiveWalk.Source() {
            @Override
            public Iterator<HistoryEntry> oldestFirst() {
                return snapshot.iterator();
            }

            @Override
            public Iterator<HistoryEntry> newestFirst() {
                return snapshot.reversed().iterator();
            }
        }, query);
    }

    @Override
    public void forget(String user) {
        lock.lock();
        try {
            byUser.remove(user);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // Nothing is pending and nothing is held outside the heap.
    }
}
