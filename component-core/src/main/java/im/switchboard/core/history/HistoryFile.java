package im.switchboard.core.history;

import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 file of the room history, format {@value #FORMAT}. Message bodies of private conversations are personal
 * data (THREATS G2): every row's blob (the user, the room and the chunk's nicks, bodies, times and stanza ids) is
 * sealed with AES-256-GCM by {@link BlobSealer}, and rows are found by keyed hashes of the user and of (user,
 * room), so the file's bytes hold no identifier or text in the clear. The file itself is not H2-encrypted: H2's
 * {@code CIPHER=AES} is pure Java and cost two thirds of the writer's CPU (docs/performance.md). The file stores
 * its format number and a key check value: another master key is refused (and the file left as it was), and a
 * file of format 1 (the whole file under H2's {@code CIPHER=AES}) is refused with a message that says to move it
 * away: its rows cannot be read without the old cipher, and keeping a renamed copy would keep forgotten users'
 * messages (G6). No trace file, no TCP server or console (G4), the URL built from the configured path only, mode
 * 0600. {@link #close()} compacts the file, so the pages of forgotten users do not linger (G6).
 *
 * <p>Not thread-safe: used by the history's writer thread, and by readers under {@link H2RoomHistory}'s file
 * lock.
 */
final class HistoryFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFile.class);
    private static final String SUFFIX = ".mv.db";
    /** The HKDF purpose of this file's keys: distinct from the credential store's. */
    static final String KEY_PURPOSE = "room-history";
    /** The format written by this class: 2 = rows sealed with AES-GCM in a plain H2 file. */
    static final int FORMAT = 2;
    /** The H2 password of a format-2 file (not a cipher key: H2 only checks it). */
    private static final String PASSWORD_PURPOSE = "room-history-file";
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path directory;
    private final String name;
    private final Connection connection;
    private final BlobSealer sealer;
    /** Chunks opened by archive queries (for tests: a page near the end opens only the newest chunks). */
    private long archiveChunksOpened;

    private HistoryFile(Path file, Path directory, String name, Connection connection, BlobSealer sealer) {
        this.file = file;
        this.directory = directory;
        this.name = name;
        this.connection = connection;
        this.sealer = sealer;
    }

    /**
     * Opens the file, creating it (and its directory) if it does not exist.
     *
     * @throws HistoryStoreException with a message that says what to do; an existing file is not replaced
     */
    static HistoryFile open(Path configured, MasterKey key) {
        Path file = configured.toAbsolutePath().normalize();
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!fileName.endsWith(SUFFIX) || fileName.length() == SUFFIX.length()) {
            throw new HistoryStoreException("the history file " + file + " must end in " + SUFFIX);
        }
        // H2 reads settings after ';' in a URL: a path must not be able to add any (THREATS G4).
        if (file.toString().indexOf(';') >= 0) {
            throw new HistoryStoreException("the history file path " + file + " must not contain ';'");
        }
        if (!OPEN_FILES.add(file)) {
            throw new HistoryStoreException("the history file " + file + " is already open in this process");
        }
        try {
            Path directory = file.getParent();
            String name = fileName.substring(0, fileName.length() - SUFFIX.length());
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (!exists) {
                Files.createDirectories(directory);
            }
            BlobSealer sealer = BlobSealer.of(key);
            if (exists) {
                // Checked read-only first: H2 may write to a file that it opened read-write even when it then
                // refuses the password, and a refused file must be left exactly as it was.
                Connection probe = connect(file, directory.resolve(name), key, true, true);
                try {
                    new HistoryFile(file, directory, name, probe, sealer).checkFormat(true);
                } catch (SQLException e) {
                    throw explain(e, file);
                } finally {
                    closeQuietly(probe);
                }
            }
            Connection connection = connect(file, directory.resolve(name), key, exists, false);
            HistoryFile history = new HistoryFile(file, directory, name, connection, sealer);
            try {
                history.checkFormat(exists);
                history.createSchema();
            } catch (SQLException e) {
                closeQuietly(connection);
                throw explain(e, file);
            } catch (RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
            history.restrictPermissions();
            return history;
        } catch (IOException e) {
            OPEN_FILES.remove(file);
            throw new HistoryStoreException("cannot create the directory of the history file " + file + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            OPEN_FILES.remove(file);
            throw e;
        }
    }

    /** Deletes a closed history file and its H2 siblings; whether the file existed. */
    static boolean delete(Path configured) {
        Path file = configured.toAbsolutePath().normalize();
        if (OPEN_FILES.contains(file)) {
            throw new HistoryStoreException("the history file " + file + " is open; close it first");
        }
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(SUFFIX) || !Files.isDirectory(file.getParent())) {
            return false;
        }
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(file.getParent(), name + ".*")) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new HistoryStoreException("cannot delete the history file " + file + ": " + e.getMessage(), e);
        }
        return existed;
    }

    private static Connection connect(Path file, Path base, MasterKey key, boolean exists, boolean readOnly) {
        // WRITE_DELAY=0: a commit (one per batch, never one per message) reaches the file at once, so a killed
        // process keeps every committed batch. The OS decides when it reaches the disk: no fsync per batch.
        String url = "jdbc:h2:file:" + base + ";TRACE_LEVEL_FILE=0;TRACE_LEVEL_SYSTEM_OUT=0"
                + ";IFEXISTS=" + (exists ? "TRUE" : "FALSE") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                + (readOnly ? ";ACCESS_MODE_DATA=r" : "");
        Properties properties = new Properties();
        properties.setProperty("user", "switchboard");
        char[] password = DerivedKeys.h2PasswordFor(key, PASSWORD_PURPOSE);
        properties.put("password", password);
        try {
            Connection connection = org.h2.Driver.load().connect(url, properties);
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            if (exists && isFormat1(base, key)) {
                throw format1(file);
            }
            throw explain(e, file);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Whether the file that a plain open refused is a format-1 file (encrypted with H2's {@code CIPHER=AES} under
     * this key): opened read-only, so it is left as it was.
     */
    private static boolean isFormat1(Path base, MasterKey key) {
        String url = "jdbc:h2:file:" + base + ";CIPHER=AES;TRACE_LEVEL_FILE=0;TRACE_LEVEL_SYSTEM_OUT=0"
                + ";IFEXISTS=TRUE;DB_CLOSE_ON_EXIT=FALSE;ACCESS_MODE_DATA=r";
        Properties properties = new Properties();
        properties.setProperty("user", "switchboard");
        char[] password = DerivedKeys.h2PasswordFor(key, KEY_PURPOSE);
        properties.put("password", password);
        try (Connection old = org.h2.Driver.load().connect(url, properties)) {
            return old != null;
        } catch (SQLException e) {
            return false;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static HistoryStoreException format1(Path file) {
        return new HistoryStoreException("the history file " + file + " is in the old format 1 (the whole file "
                + "encrypted by H2), which this version does not read; the file was not touched: move it away or "
                + "delete it (its history is lost) to start a new history in format " + FORMAT);
    }

    /**
     * An existing file must be of format {@value #FORMAT} and hold this key's check value; a new one gets both.
     * Nothing is written to a file that is refused.
     */
    private void checkFormat(boolean exists) throws SQLException {
        if (!exists) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE history_meta (name VARCHAR PRIMARY KEY, data VARBINARY NOT NULL)");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO history_meta (name, data) VALUES (?, ?)")) {
                insert.setString(1, "format");
                insert.setBytes(2, new byte[] {FORMAT});
                insert.addBatch();
                insert.setString(1, "key-check");
                insert.setBytes(2, sealer.keyCheck());
                insert.addBatch();
                insert.executeBatch();
            }
            connection.commit();
            return;
        }
        byte[] format;
        byte[] check;
        try {
            format = meta("format");
            check = meta("key-check");
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1) {
                throw e;
            }
            format = null;
            check = null;
        }
        connection.commit();
        if (format == null || format.length != 1 || format[0] != FORMAT) {
            throw new HistoryStoreException("the history file " + file + " is not a history file of format "
                    + FORMAT + "; the file was not touched: move it away to start with an empty history");
        }
        if (check == null || !MessageDigest.isEqual(check, sealer.keyCheck())) {
            throw new HistoryStoreException("the master key does not open the history file " + file
                    + " (was the key changed?); the file was not touched: restore the key, or move the file away "
                    + "to start with an empty history");
        }
    }

    private byte[] meta(String key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT data FROM history_meta WHERE name = ?")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        }
    }

    private void createSchema() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // One row per room per batch (a "chunk" of that room's entries of the batch, oldest first), not one
            // per message: a row costs the same whether it holds one entry or a thousand, and a busy room's
            // batch is many entries. The id is the sequence number of the chunk's newest entry.
            // No identifier in the clear: room_key and user_key are keyed hashes (BlobSealer); the user and the room
            // are inside the sealed blob, which a reader compares, so a hash collision costs a row read, no more.
            statement.execute("CREATE TABLE IF NOT EXISTS history_chunk (id BIGINT PRIMARY KEY, "
                    + "room_key BIGINT NOT NULL, user_key BIGINT NOT NULL, "
                    + "entries INT NOT NULL, newest_second BIGINT NOT NULL, data VARBINARY NOT NULL)");
            // A join reads one room's newest chunks; trimming counts them: both walk this index.
            statement.execute("CREATE INDEX IF NOT EXISTS history_chunk_room ON history_chunk (room_key, id)");
            statement.execute("CREATE INDEX IF NOT EXISTS history_chunk_user ON history_chunk (user_key)");
            statement.execute("CREATE INDEX IF NOT EXISTS history_chunk_age ON history_chunk (newest_second)");
        }
        connection.commit();
    }

    /** The largest sequence number stored, or 0. */
    long maxId() {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM history_chunk")) {
            rows.next();
            long max = rows.getLong(1);
            connection.commit();
            return max;
        } catch (SQLException e) {
            throw explain(e, file);
        }
    }

    /**
     * The newest entries (up to {@code limit}) of the room stored with sequence numbers below {@code before},
     * oldest first.
     */
    List<RoomTail.Item> load(String user, String room, long before, int limit) throws SQLException {
        List<List<HistoryEntry>> chunks = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        int count = 0;
        long roomKey = sealer.roomKey(user, room);
        try (PreparedStatement query = connection.prepareStatement("SELECT id, data FROM history_chunk "
                + "WHERE room_key = ? AND id < ? ORDER BY id DESC")) {
            query.setLong(1, roomKey);
            query.setLong(2, before);
            try (ResultSet rows = query.executeQuery()) {
                while (count < limit && rows.next()) {
                    long id = rows.getLong(1);
                    byte[] plain = sealer.open(rows.getBytes(2), BlobSealer.aad(id, roomKey));
                    List<HistoryEntry> chunk = openChunk(plain, user, room);
                    if (chunk == null) {
                        continue;
                    }
                    chunk = withIds(id, chunk);
                    chunks.add(chunk);
                    ids.add(id);
                    count += chunk.size();
                }
            }
        } finally {
            connection.commit();
        }
        List<RoomTail.Item> items = new ArrayList<>();
        for (int c = chunks.size() - 1; c >= 0; c--) {
            for (HistoryEntry entry : chunks.get(c)) {
                // Numbers only order the tail, and all of these come before this run's: the chunk's id will do.
                items.add(new RoomTail.Item(ids.get(c), entry));
            }
        }
        return items.size() <= limit ? items : items.subList(items.size() - limit, items.size());
    }

    /**
     * The row ids of the room's stored chunks whose newest entry was said in or after second {@code fromSecond}
     * (the others hold only older entries), oldest first. Reads no blob.
     */
    List<Long> chunkIds(String user, String room, long fromSecond) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM history_chunk "
                + "WHERE room_key = ? AND newest_second >= ? ORDER BY id")) {
            query.setLong(1, sealer.roomKey(user, room));
            query.setLong(2, fromSecond);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        } finally {
            connection.commit();
        }
        return ids;
    }

    /** Chunks opened by archive queries so far. */
    long archiveChunksOpened() {
        return archiveChunksOpened;
    }

    /** The row id of the room's newest stored chunk, or 0. */
    long newestChunkId(String user, String room) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COALESCE(MAX(id), 0) FROM history_chunk WHERE room_key = ?")) {
            query.setLong(1, sealer.roomKey(user, room));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } finally {
            connection.commit();
        }
    }

    /**
     * The entries of one stored chunk of the room, each with its archive id; empty when the row is gone or is
     * another (user, room)'s with the same keyed hash.
     *
     * @throws IllegalArgumentException when the chunk is damaged
     */
    List<HistoryEntry> chunk(String user, String room, long id) throws SQLException {
        archiveChunksOpened++;
        long roomKey = sealer.roomKey(user, room);
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT data FROM history_chunk WHERE id = ? AND room_key = ?")) {
            query.setLong(1, id);
            query.setLong(2, roomKey);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return List.of();
                }
                List<HistoryEntry> chunk = openChunk(sealer.open(rows.getBytes(1), BlobSealer.aad(id, roomKey)),
                        user, room);
                return chunk == null ? List.of() : withIds(id, chunk);
            }
        } finally {
            connection.commit();
        }
    }

    /**
     * Entries stored by versions that gave no id to messages without an IRCv3 msgid get one derived from where they
     * are stored (XEP-0313 section 5 needs an id for every archived message; {@link ArchiveIds#stored}).
     */
    private static List<HistoryEntry> withIds(long chunkId, List<HistoryEntry> entries) {
        List<HistoryEntry> result = null;
        for (int i = 0; i < entries.size(); i++) {
            HistoryEntry entry = entries.get(i);
            if (entry.stanzaId().isEmpty() || entry.stanzaId().get().isEmpty()) {
                if (result == null) {
                    result = new ArrayList<>(entries);
                }
                result.set(i, entry.withStanzaId(ArchiveIds.stored(chunkId, i)));
            }
        }
        return result == null ? entries : result;
    }

    /** A room to trim to its newest {@code keep} entries. */
    record Trim(String user, String room, int keep) {
    }

    /**
     * Apply one batch in one transaction: each room's entries become one chunk (its newest {@code keep}, the
     * retention); a forget deletes the user's stored chunks and drops their entries queued before it (entries queued
     * after it are kept). Then the trims. One commit, so one write of the file per batch.
     */
    void write(List<PendingOp> batch, List<Trim> trims, int keep) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO history_chunk (id, room_key, "
                + "user_key, entries, newest_second, data) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM history_chunk WHERE user_key = ?")) {
            Map<List<String>, List<PendingOp.Append>> rooms = new LinkedHashMap<>();
            for (PendingOp op : batch) {
                switch (op) {
                    case PendingOp.Append append -> rooms.computeIfAbsent(List.of(append.user(), append.room()),
                            k -> new ArrayList<>()).add(append);
                    case PendingOp.Forget forget -> {
                        rooms.keySet().removeIf(key -> key.getFirst().equals(forget.user()));
                        delete.setLong(1, sealer.userKey(forget.user()));
                        delete.executeUpdate();
                    }
                    case PendingOp.Flush flush -> {
                        // A barrier only: completed by the writer after the commit.
                    }
                }
            }
            for (List<PendingOp.Append> appends : rooms.values()) {
                // Retention keeps the newest `keep` entries of a room: older ones of this same batch would be
                // trimmed as soon as written, so they are not sealed and written at all (a burst into one room
                // costs the writer `keep` entries per batch, not the whole burst).
                writeChunks(insert, appends.subList(Math.max(0, appends.size() - keep), appends.size()));
            }
            if (!rooms.isEmpty()) {
                insert.executeBatch();
            }
            trim(trims);
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** Adds the chunk of one room: its entries of this batch, in order; its id is the newest one's number. */
    private void writeChunks(PreparedStatement insert, List<PendingOp.Append> appends) throws SQLException {
        PendingOp.Append newest = appends.getLast();
        List<HistoryEntry> entries = new ArrayList<>(appends.size());
        long newestSecond = Long.MIN_VALUE;
        for (PendingOp.Append append : appends) {
            entries.add(append.entry());
            newestSecond = Math.max(newestSecond, append.entry().at().getEpochSecond());
        }
        long roomKey = sealer.roomKey(newest.user(), newest.room());
        byte[] plain = ChunkCodec.encode(newest.user(), newest.room(), entries);
        insert.setLong(1, newest.seq());
        insert.setLong(2, roomKey);
        insert.setLong(3, sealer.userKey(newest.user()));
        insert.setInt(4, appends.size());
        insert.setLong(5, newestSecond);
        insert.setBytes(6, sealer.seal(plain, BlobSealer.aad(newest.seq(), roomKey)));
        insert.addBatch();
    }

    /** The entries of an opened blob if it is this (user, room)'s, or null (another pair with the same hash). */
    private static List<HistoryEntry> openChunk(byte[] plain, String user, String room) {
        ChunkCodec.Chunk chunk = ChunkCodec.decode(plain);
        return chunk.user().equals(user) && chunk.room().equals(room) ? chunk.entries() : null;
    }

    /**
     * Retention by count, inside the caller's transaction: each room keeps the newest chunks that hold its
     * newest {@code keep} entries (so up to one chunk's worth more than {@code keep}; never more are replayed).
     */
    private void trim(List<Trim> trims) throws SQLException {
        if (trims.isEmpty()) {
            return;
        }
        // By the 64-bit keyed hash only: two pairs with the same hash (about one in 2^32 among 2^32 pairs) would
        // be trimmed as one room, keeping fewer of each; not worth opening every blob of the room for.
        try (PreparedStatement query = connection.prepareStatement("SELECT id, entries FROM history_chunk "
                + "WHERE room_key = ? ORDER BY id DESC");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM history_chunk WHERE room_key = ? AND id < ?")) {
            for (Trim trim : trims) {
                long key = sealer.roomKey(trim.user(), trim.room());
                query.setLong(1, key);
                long oldestKept = -1;
                try (ResultSet rows = query.executeQuery()) {
                    int count = 0;
                    while (count < trim.keep() && rows.next()) {
                        count += rows.getInt(2);
                        oldestKept = rows.getLong(1);
                    }
                    if (count < trim.keep() || !rows.next()) {
                        continue;
                    }
                }
                delete.setLong(1, key);
                delete.setLong(2, oldestKept);
                delete.executeUpdate();
            }
        }
    }

    /** Retention by age: delete rows said before {@code before}. */
    int expire(Instant before) throws SQLException {
        // A chunk goes once its newest entry is too old (its older entries are never replayed: recent() filters).
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM history_chunk WHERE newest_second < ?")) {
            delete.setLong(1, before.getEpochSecond());
            int removed = delete.executeUpdate();
            connection.commit();
            return removed;
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** How many entries the file holds (for tests and statistics). */
    long count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(SUM(entries), 0) FROM history_chunk")) {
            rows.next();
            long n = rows.getLong(1);
            connection.commit();
            return n;
        }
    }

    /** Compacts and closes the file (the caller makes sure this runs once). */
    @Override
    public void close() {
        try (Statement statement = connection.createStatement()) {
            // Rewrites the file with live pages only, so forgotten users' bodies do not stay in old chunks (G6).
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            LOG.warn("history file {} did not compact on close (H2 error {})", file, e.getErrorCode());
        } finally {
            closeQuietly(connection);
            restrictPermissions();
            OPEN_FILES.remove(file);
        }
    }

    Path file() {
        return file;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("history rollback failed (H2 error {})", e.getErrorCode());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the history connection failed (H2 error {})", e.getErrorCode());
        }
    }

    /** Mode 0600 on every file of this database (H2 creates them with the process umask). */
    private void restrictPermissions() {
        try {
            if (!Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, name + ".*")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot set mode 0600 on the files of {}: {}", file, e.getMessage());
        }
    }

    /** An H2 failure as a message that says what to do; H2's own text may name files, never keys. */
    static HistoryStoreException explain(SQLException e, Path file) {
        return switch (e.getErrorCode()) {
            case ErrorCode.FILE_ENCRYPTION_ERROR_1, ErrorCode.WRONG_USER_OR_PASSWORD -> new HistoryStoreException(
                    "the master key does not open the history file " + file + " (was the key changed?); the file "
                    + "was not touched: restore the key, or move the file away to start with an empty history", e);
            case ErrorCode.FILE_CORRUPTED_1, ErrorCode.FILE_VERSION_ERROR_1, ErrorCode.GENERAL_ERROR_1 ->
                    new HistoryStoreException("the history file " + file + " is damaged (H2 error "
                            + e.getErrorCode() + "); move it away to start with an empty history", e);
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> new HistoryStoreException("the history file " + file
                    + " is in use by another process: is another Switchboard running?", e);
            default -> new HistoryStoreException("cannot use the history file " + file + " (H2 error "
                    + e.getErrorCode() + ")", e);
        };
    }
}
