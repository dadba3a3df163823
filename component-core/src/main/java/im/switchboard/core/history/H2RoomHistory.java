package im.switchboard.core.history;

import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room history in an H2 file (its rows sealed with AES-GCM, {@link BlobSealer}) with a write-behind, so that
 * history never slows the relay (issue 4: "less than 10% of the relay rate, no disk sync per message").
 *
 * <h2>Writing</h2>
 * {@link #append} puts the entry in the room's in-memory tail and in a bounded buffer, and returns: it never
 * touches the disk and never waits for the writer. One writer (virtual) thread takes everything pending every
 * {@link HistorySettings#flushInterval()} (or as soon as {@link HistorySettings#flushBatch()} entries wait) and
 * stores it in one transaction. When the disk falls {@link HistorySettings#pendingCapacity()} entries behind, the
 * <em>oldest</em> pending entries are dropped for storage only (they are still in memory and replayed until a
 * restart) and counted in {@link #droppedForStorage()}: the relay never waits.
 *
 * <h2>What survives</h2>
 * Each batch's commit reaches the file at once (H2 {@code WRITE_DELAY=0}), without an fsync. A process that is
 * killed without {@link #close()} keeps every committed batch and loses at most the entries appended since the
 * last commit: one flush interval's worth (plus the batch being written). {@link #close()} writes everything
 * pending. An operating system crash may lose what the OS had not yet written back.
 *
 * <h2>Reading</h2>
 * {@link #recent} answers from the room's tail in memory: the newest {@link HistorySettings#perRoom()} entries,
 * pending ones included. A tail of a room not read since the start is completed once from the file (one indexed
 * query of that room's newest rows), so a join never scans the table. The tails are bounded: past
 * {@code maxTails} (default {@value #DEFAULT_MAX_TAILS}) the writer evicts the least recently used ones whose
 * entries have all been through it (an entry still waiting for the disk keeps its tail); a later read of an
 * evicted room loads it again from the file, this run's entries included.
 *
 * <h2>Retention</h2>
 * The writer, not {@code append}, keeps the file to the newest {@code perRoom} rows per (user, room) (it trims a
 * room every tenth of {@code perRoom} new rows, so a room may briefly hold that many more rows; never more are
 * replayed) and deletes rows older than {@link HistorySettings#maxAge()} about once a minute.
 *
 * <p>Threading: thread-safe. {@link #recent} and {@link #forget} may wait for the file; {@link #append} never.
 */
public final class H2RoomHistory implements RoomHistory {

    private static final Logger LOG = LoggerFactory.getLogger(H2RoomHistory.class);
    private static final Duration EXPIRY_PERIOD = Duration.ofMinutes(1);
    private static final Duration FORGET_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound of the (user, room) tails in memory. */
    public static final int DEFAULT_MAX_TAILS = 10_000;

    private record RoomKey(String user, String room) {
    }

    private record Candidate(RoomKey key, RoomTail tail, long lastUsed) {
    }

    private final HistoryFile file;
    private final HistorySettings settings;
    /** Row ids of this run start above every stored one, so a tail's loaded rows never repeat its fresh ones. */
    private final long firstSeqOfRun;
    private final AtomicLong nextSeq;
    private final ConcurrentMap<RoomKey, RoomTail> tails = new ConcurrentHashMap<>();
    private final int maxTails;
    private final AtomicLong clock = new AtomicLong();
    private final ReentrantLock fileLock = new ReentrantLock();
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition work = queueLock.newCondition();
    /** Guarded by {@link #queueLock}; the writer takes it whole and leaves a new one (no copy under the lock). */
    private ArrayDeque<PendingOp> queue = new ArrayDeque<>();
    private int pendingAppends;
    private boolean closing;
    private boolean flushRequested;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<RoomKey, Integer> untrimmed = new HashMap<>();
    private final int trimEvery;
    private long lastExpiry;
    private final Thread writer;
    private final ReentrantLock closeLock = new ReentrantLock();
    private volatile boolean closed;

    private H2RoomHistory(HistoryFile file, HistorySettings settings, int maxTails) {
        this.file = file;
        this.settings = settings;
        this.maxTails = maxTails;
        this.firstSeqOfRun = file.maxId() + 1;
        this.nextSeq = new AtomicLong(firstSeqOfRun);
        this.trimEvery = Math.max(1, settings.perRoom() / 10);
        this.lastExpiry = System.nanoTime() - EXPIRY_PERIOD.toNanos();
        this.writer = Thread.ofVirtual().name("room-history-writer").unstarted(this::writeLoop);
    }

    /**
     * Opens (or creates) the history file and starts the writer.
     *
     * @param historyFile the {@code .mv.db} file, from the configuration (for example beside the credential
     *                    database), never from a user
     * @param key         the gateway's master key; the file's own key is derived from it
     * @throws HistoryStoreException if the file cannot be opened (a wrong key, another process, damage); an
     *                               existing file is never replaced
     */
    public static H2RoomHistory open(Path historyFile, MasterKey key, HistorySettings settings) {
        return open(historyFile, key, settings, DEFAULT_MAX_TAILS);
    }

    /**
     * As {@link #open(Path, MasterKey, HistorySettings)}, keeping about {@code maxTails} (user, room) tails in
     * memory.
     */
    public static H2RoomHistory open(Path historyFile, MasterKey key, HistorySettings settings, int maxTails) {
        if (maxTails < 1) {
            throw new IllegalArgumentException("maxTails must be positive: " + maxTails);
        }
        Objects.requireNonNull(historyFile, "historyFile");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(settings, "settings");
        HistoryFile file = HistoryFile.open(historyFile, key);
        H2RoomHistory history;
        try {
            history = new H2RoomHistory(file, settings, maxTails);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
        history.writer.start();
        LOG.info("room history {} open (keeping {} per room)", file.file(), settings.perRoom());
        return history;
    }

    /**
     * Deletes a closed history file and H2's files beside it ({@code <name>.*}), for example after a master key
     * rotation made it unreadable.
     *
     * @return whether there was a history file
     * @throws HistoryStoreException if it is open in this process or cannot be deleted
     */
    public static boolean deleteFiles(Path historyFile) {
        return HistoryFile.delete(historyFile);
    }

    @Override
    public void append(String user, String room, HistoryEntry given) {
        // XEP-0313 section 5: every archived message has an id; one without gets a fresh one, stored with it.
        HistoryEntry entry = Objects.requireNonNull(given, "entry").archived();
        if (closed) {
            dropped.incrementAndGet();
            return;
        }
        RoomKey key = new RoomKey(user, room);
        RoomTail tail;
        long seq;
        do {
            // -1: the writer evicted this tail just now; the map already holds none or a new one.
            tail = tail(key);
            seq = tail.add(nextSeq, entry);
        } while (seq < 0);
        queueLock.lock();
        try {
            if (pendingAppends >= settings.pendingCapacity()) {
                dropOldestAppend();
            }
            queue.addLast(new PendingOp.Append(seq, user, room, entry, tail));
            pendingAppends++;
            if (pendingAppends == settings.flushBatch()) {
                work.signal();
            }
        } finally {
            queueLock.unlock();
        }
    }

    /** Under the queue lock: the disk is behind, so the oldest entry waiting is not stored (it stays in memory). */
    private void dropOldestAppend() {
        Iterator<PendingOp> it = queue.iterator();
        while (it.hasNext()) {
            if (it.next() instanceof PendingOp.Append append) {
                it.remove();
                append.tail().flushed();
                pendingAppends--;
                long n = dropped.incrementAndGet();
                if (n == 1 || n % 100_000 == 0) {
                    LOG.warn("room history: the disk is behind; {} entries not stored so far (still replayed until "
                            + "a restart)", n);
                }
                return;
            }
        }
    }

    @Override
    public List<HistoryEntry> recent(String user, String room, HistoryLimit limit) {
        Objects.requireNonNull(limit, "limit");
        RoomKey key = new RoomKey(user, room);
        RoomTail tail = tail(key);
        if (!tail.isLoaded()) {
            // Everything numbered below this is either stored or in the tail (an evicted tail had nothing
            // waiting), so the file gives what memory lacks, this run's entries included; numbers taken later
            // are in the tail.
            long next = nextSeq.get();
            tail.load(loadStored(key, Math.min(next, tail.firstSeq(next))));
        }
        Optional<Instant> notBefore = settings.maxAge().map(age -> Instant.now().minus(age));
        return HistoryWindow.select(tail.entries(), limit, notBefore);
    }

    /** Serves archives (XEP-0313 section 6): the file's chunks of the room and the entries not stored yet. */
    @Override
    public boolean archives() {
        return true;
    }

    /**
     * A page of the room's archive: the stored chunks (found by the room's keyed hash, filtered by
     * {@code newest_second} when the query has a start and no id to find, and opened one at a time as the walk
     * reaches them) followed by the entries still waiting for the writer, taken from the room's tail. The file lock
     * is held for the whole walk, so the writer cannot move an entry from the tail to the file half-way: every
     * entry appended before the call is seen exactly once. At most the room's retention ({@code perRoom} entries
     * plus one batch) is ever opened; a page near the end opens only the newest chunks. Entries older than
     * {@link HistorySettings#maxAge()} are left out, as from a join's history. Entries the writer dropped or failed
     * to store (the disk was behind) are replayed on joins until a restart but are not in the archive.
     */
    @Override
    public ArchivePage archive(String user, String room, ArchiveQuery query) {
        Objects.requireNonNull(query, "query");
        ArchiveQuery bounded = settings.maxAge().map(age -> query.notBefore(Instant.now().minus(age)))
                .orElse(query);
        boolean byTime = bounded.start().isPresent() && bounded.after().isEmpty() && bounded.before().isEmpty();
        long fromSecond = byTime ? bounded.start().get().getEpochSecond() : Long.MIN_VALUE;
        fileLock.lock();
        try {
            if (closed) {
                throw new HistoryStoreException("the room history is closed");
            }
            List<Long> chunkIds = file.chunkIds(user, room, fromSecond);
            // Entries numbered above the room's newest row are not in the file yet; they are in the tail (a tail
            // is evicted only when all its entries are through the writer).
            long newestStored = file.newestChunkId(user, room);
            RoomTail tail = tails.get(new RoomKey(user, room));
            List<HistoryEntry> unstored = tail == null ? List.of() : tail.entriesAfter(newestStored);
            return ArchiveWalk.page(new StoredArchive(file, user, room, chunkIds, unstored), bounded);
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot read the room archive (H2 error " + e.getErrorCode() + ")", e);
        } finally {
            fileLock.unlock();
        }
    }

    private RoomTail tail(RoomKey key) {
        RoomTail tail = tails.computeIfAbsent(key, k -> new RoomTail(settings.perRoom()));
        tail.touch(clock.incrementAndGet());
        return tail;
    }

    private List<RoomTail.Item> loadStored(RoomKey key, long before) {
        fileLock.lock();
        try {
            if (closed) {
                return List.of();
            }
            return file.load(key.user(), key.room(), before, settings.perRoom());
        } catch (SQLException e) {
            // A join still gets what this run saw; the failure is the disk's, not the user's.
            LOG.warn("room history: cannot read stored entries (H2 error {})", e.getErrorCode());
            return List.of();
        } catch (IllegalArgumentException e) {
            LOG.warn("room history: a stored chunk is damaged ({}); replaying this run's entries only",
                    e.getMessage());
            return List.of();
        } finally {
            fileLock.unlock();
        }
    }

    /**
     * Deletes every entry of {@code user}, pending and stored (THREATS G6), and returns once the deletion is
     * committed.
     *
     * @throws HistoryStoreException if the file could not delete them in time
     */
    @Override
    public void forget(String user) {
        Objects.requireNonNull(user, "user");
        tails.keySet().removeIf(k -> k.user().equals(user));
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!enqueue(new PendingOp.Forget(user, done))) {
            forgetDirectly(user);
        } else {
            await(done, "forget a user's history");
        }
        // A join that read the file before the deletion may have loaded a tail again.
        tails.keySet().removeIf(k -> k.user().equals(user));
    }

    /** The history is closing: no writer to hand the deletion to, so delete here, after what is still queued. */
    private void forgetDirectly(String user) {
        queueLock.lock();
        try {
            queue.removeIf(op -> {
                if (op instanceof PendingOp.Append append && append.user().equals(user)) {
                    append.tail().flushed();
                    return true;
                }
                return false;
            });
            pendingAppends = (int) queue.stream().filter(PendingOp.Append.class::isInstance).count();
        } finally {
            queueLock.unlock();
        }
        fileLock.lock();
        try {
            if (closed) {
                throw new HistoryStoreException("the room history is closed; the user's history was not deleted");
            }
            file.write(List.of(new PendingOp.Forget(user, new CompletableFuture<>())), List.of(), settings.perRoom());
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot delete the room history of a user (H2 error "
                    + e.getErrorCode() + ")", e);
        } finally {
            fileLock.unlock();
        }
    }

    /** Writes everything appended so far and returns once it is committed. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (enqueue(new PendingOp.Flush(done))) {
            await(done, "flush the room history");
        }
    }

    private boolean enqueue(PendingOp op) {
        queueLock.lock();
        try {
            if (closing) {
                return false;
            }
            queue.addLast(op);
            flushRequested = true;
            work.signal();
            return true;
        } finally {
            queueLock.unlock();
        }
    }

    private static void await(CompletableFuture<Void> done, String what) {
        try {
            done.get(FORGET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryStoreException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new HistoryStoreException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new HistoryStoreException("could not " + what + " within " + FORGET_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private void writeLoop() {
        while (true) {
            List<PendingOp> batch = nextBatch();
            if (batch == null) {
                return;
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
                evictTails();
            }
            retain();
        }
    }

    /** Waits for a full batch, a request or the interval; null once closing and nothing is left. */
    private List<PendingOp> nextBatch() {
        ArrayDeque<PendingOp> taken;
        queueLock.lock();
        try {
            long remaining = settings.flushInterval().toNanos();
            while (!closing && !flushRequested && pendingAppends < settings.flushBatch() && remaining > 0) {
                remaining = work.awaitNanos(remaining);
            }
            if (closing && queue.isEmpty()) {
                return null;
            }
            taken = takeQueue();
            flushRequested = false;
        } catch (InterruptedException e) {
            // Nobody interrupts the writer (close() asks by flag); should it happen, write what is queued now.
            // awaitNanos gave the lock back before throwing, so the queue is ours here.
            taken = takeQueue();
        } finally {
            queueLock.unlock();
        }
        // Copied after the lock is released: the relay's appends never wait for a batch being copied.
        return new ArrayList<>(taken);
    }

    /** Under the queue lock: what is queued, leaving an empty queue. */
    private ArrayDeque<PendingOp> takeQueue() {
        ArrayDeque<PendingOp> taken = queue;
        queue = new ArrayDeque<>(Math.max(16, Math.min(taken.size(), settings.flushBatch())));
        pendingAppends = 0;
        return taken;
    }

    private void writeBatch(List<PendingOp> batch) {
        int appends = 0;
        for (PendingOp op : batch) {
            if (op instanceof PendingOp.Append append) {
                appends++;
                untrimmed.merge(new RoomKey(append.user(), append.room()), 1, Integer::sum);
            }
        }
        // Retention in the batch's own transaction: one commit (one file write) per batch, never one per room.
        List<HistoryFile.Trim> trims = new ArrayList<>();
        for (Map.Entry<RoomKey, Integer> room : untrimmed.entrySet()) {
            if (room.getValue() >= trimEvery) {
                trims.add(new HistoryFile.Trim(room.getKey().user(), room.getKey().room(), settings.perRoom()));
            }
        }
        SQLException failure = null;
        fileLock.lock();
        try {
            file.write(batch, trims, settings.perRoom());
        } catch (SQLException e) {
            failure = e;
        } finally {
            fileLock.unlock();
        }
        for (PendingOp op : batch) {
            switch (op) {
                case PendingOp.Append append -> append.tail().flushed();
                case PendingOp.Forget forget -> complete(forget.done(), failure);
                case PendingOp.Flush flush -> complete(flush.done(), failure);
            }
        }
        if (failure == null) {
            trims.forEach(t -> untrimmed.remove(new RoomKey(t.user(), t.room())));
            stored.addAndGet(appends);
        } else {
            failed.addAndGet(appends);
            LOG.error("room history: a batch of {} entries was not stored (H2 error {}); they are still replayed "
                    + "until a restart", appends, failure.getErrorCode());
        }
    }

    /**
     * Past {@code maxTails}, drops the least recently used tails whose entries are all through the writer, down
     * to the bound (or as close as waiting entries allow). On the writer thread, after a batch: O(n log n) once
     * per batch, never on the relay's path.
     */
    private void evictTails() {
        int excess = tails.size() - maxTails;
        if (excess <= 0) {
            return;
        }
        // The use times are copied first: they change while we sort, and a sort needs a fixed order.
        List<Candidate> byAge = new ArrayList<>(tails.size());
        tails.forEach((key, tail) -> byAge.add(new Candidate(key, tail, tail.lastUsed())));
        byAge.sort(Comparator.comparingLong(Candidate::lastUsed));
        for (Candidate candidate : byAge) {
            if (excess <= 0) {
                break;
            }
            if (candidate.tail().evictIfFlushed()) {
                tails.remove(candidate.key(), candidate.tail());
                excess--;
            }
        }
    }

    /** Stored chunks opened by archive queries so far (for tests). */
    long archiveChunksOpened() {
        fileLock.lock();
        try {
            return file.archiveChunksOpened();
        } finally {
            fileLock.unlock();
        }
    }

    /** Tails in memory now (for tests). */
    int tailCount() {
        return tails.size();
    }

    private static void complete(CompletableFuture<Void> done, SQLException failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(new HistoryStoreException("H2 error " + failure.getErrorCode(), failure));
        }
    }

    /** Retention by age, on the writer thread, about once a minute. */
    private void retain() {
        if (settings.maxAge().isEmpty() || System.nanoTime() - lastExpiry < EXPIRY_PERIOD.toNanos()) {
            return;
        }
        lastExpiry = System.nanoTime();
        fileLock.lock();
        try {
            int removed = file.expire(Instant.now().minus(settings.maxAge().get()));
            if (removed > 0) {
                LOG.debug("room history: {} expired entries deleted", removed);
            }
        } catch (SQLException e) {
            LOG.warn("room history: expiry failed (H2 error {}); retried in a minute", e.getErrorCode());
        } finally {
            fileLock.unlock();
        }
    }

    /** Entries dropped for storage because the disk was behind, or appended after close. */
    public long droppedForStorage() {
        return dropped.get();
    }

    /** Entries stored by this run. */
    public long storedCount() {
        return stored.get();
    }

    /** Entries whose batch failed to store. */
    public long failedCount() {
        return failed.get();
    }

    /** Entries waiting for the writer. */
    public int pendingCount() {
        queueLock.lock();
        try {
            return pendingAppends;
        } finally {
            queueLock.unlock();
        }
    }

    /** Rows in the file now (for tests). */
    long storedRows() throws SQLException {
        fileLock.lock();
        try {
            return file.count();
        } finally {
            fileLock.unlock();
        }
    }

    /** Writes everything pending, stops the writer, compacts and closes the file. Idempotent. */
    @Override
    public void close() {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            queueLock.lock();
            try {
                closing = true;
                work.signal();
            } finally {
                queueLock.unlock();
            }
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            fileLock.lock();
            try {
                closed = true;
                file.close();
            } finally {
                fileLock.unlock();
            }
            LOG.info("room history {} closed ({} entries stored by this run, {} not stored)", file.file(),
                    stored.get(), dropped.get() + failed.get());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            closeLock.unlock();
        }
    }
}
