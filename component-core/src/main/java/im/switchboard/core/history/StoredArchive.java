package im.switchboard.core.history;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive of one (user, room) in {@link H2RoomHistory}: its stored chunks, opened one at a time as the walk
 * reaches them (so a page near the end opens only the newest chunks), then the entries still waiting for the
 * writer. Used under the history's file lock, on one thread.
 */
final class StoredArchive implements ArchiveWalk.Source {

    private static final Logger LOG = LoggerFactory.getLogger(StoredArchive.class);

    private final HistoryFile file;
    private final String user;
    private final String room;
    private final List<Long> chunkIds;
    private final List<HistoryEntry> unstored;

    /**
     * @param chunkIds the chunks to read, oldest first
     * @param unstored the entries not in the file yet, oldest first (all newer than every stored one)
     */
    StoredArchive(HistoryFile file, String user, String room, List<Long> chunkIds, List<HistoryEntry> unstored) {
        this.file = file;
        this.user = user;
        this.room = room;
        this.chunkIds = List.copyOf(chunkIds);
        this.unstored = List.copyOf(unstored);
    }

    @Override
    public Iterator<HistoryEntry> oldestFirst() {
        return new Walk(chunkIds.iterator(), unstored, false);
    }

    @Override
    public Iterator<HistoryEntry> newestFirst() {
        return new Walk(chunkIds.reversed().iterator(), unstored.reversed(), true);
    }

    private List<HistoryEntry> open(long id) {
        try {
            return file.chunk(user, room, id);
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot read the room archive (H2 error " + e.getErrorCode() + ")", e);
        } catch (IllegalArgumentException e) {
            // As a join does: a damaged chunk is left out rather than failing every query of the room.
            LOG.warn("room archive: a stored chunk is damaged ({}); left out", e.getMessage());
            return List.of();
        }
    }

    /** Chunks in the given order, each opened when reached; the unstored entries before or after them. */
    private final class Walk implements Iterator<HistoryEntry> {

        private final Iterator<Long> chunks;
        private final ArrayDeque<HistoryEntry> current = new ArrayDeque<>();
        private final List<HistoryEntry> unstored;
        private final boolean newestFirst;
        private boolean unstoredTaken;

        Walk(Iterator<Long> chunks, List<HistoryEntry> unstored, boolean newestFirst) {
            this.chunks = chunks;
            this.unstored = unstored;
            this.newestFirst = newestFirst;
            if (newestFirst) {
                // The newest entries are the ones the writer has not stored yet.
                current.addAll(unstored);
                unstoredTaken = true;
            }
        }

        @Override
        public boolean hasNext() {
            while (current.isEmpty()) {
                if (chunks.hasNext()) {
                    List<HistoryEntry> chunk = open(chunks.next());
                    current.addAll(newestFirst ? chunk.reversed() : chunk);
                } else if (!unstoredTaken) {
                    current.addAll(unstored);
                    unstoredTaken = true;
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public HistoryEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.removeFirst();
        }
    }
}
