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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encrypted H2 file of the room history. Message bodies of private conversations are personal data, so the
 * file is encrypted as the credential database is ({@code CIPHER=AES}) but with a password of its own, derived
 * from the master key under the label {@code room-history} (THREATS G2); no trace file, no TCP server or console
 * (G4), the URL built from the configured path only, mode 0600. {@link #close()} compacts the file, so the pages
 * of forgotten users do not linger (G6).
 *
 * <p>Not thread-safe: used by the history's writer thread, and by readers under {@link H2RoomHistory}'s file
 * lock.
 */
final class HistoryFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFile.class);
    private static final String SUFFIX = ".mv.db";
    /** The HKDF purpose of this file's keys: distinct from the credential store's. */
    static final String KEY_PURPOSE = "room-history";
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path directory;
    private final String name;
    private final Connection connection;

    private HistoryFile(Path file, Path directory, String name, Connection connection) {
        this.file = file;
        this.directory = directory;
        this.name = name;
        this.connection = connection;
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
            Connection connection = connect(file, directory.resolve(name), key, exists);
            HistoryFile history = new HistoryFile(file, directory, name, connection);
            try {
                history.createSchema();
            } catch (SQLException e) {
                closeQuietly(connection);
                throw explain(e, file);
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

    private static Connection connect(Path file, Path base, MasterKey key, boolean exists) {
        // WRITE_DELAY=0: a commit (one per batch, never one per message) reaches the file at once, so a killed
        // process keeps every committed batch. The OS decides when it reaches the disk: no fsync per batch.
        String url = "jdbc:h2:file:" + base + ";CIPHER=AES;TRACE_LEVEL_FILE=0;TRACE_LEVEL_SYSTEM_OUT=0"
                + ";IFEXISTS=" + (exists ? "TRUE" : "FALSE") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        Properties properties = new Properties();
        properties.setProperty("user", "switchboard");
        char[] password = DerivedKeys.h2PasswordFor(key, KEY_PURPOSE);
        properties.put("password", password);
        try {
            Connection connection = org.h2.Driver.load().connect(url, properties);
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw explain(e, file);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void createSchema() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS history (id BIGINT PRIMARY KEY, jid VARCHAR NOT NULL, "
                    + "room VARCHAR NOT NULL, nick VARCHAR NOT NULL, body VARCHAR NOT NULL, "
                    + "at_second BIGINT NOT NULL, at_nano INT NOT NULL, stanza_id VARCHAR)");
            // A join reads one room's newest rows; trimming finds the K-th newest: both walk this index.
            statement.execute("CREATE INDEX IF NOT EXISTS history_room ON history (jid, room, id)");
            statement.execute("CREATE INDEX IF NOT EXISTS history_at ON history (at_second)");
        }
        connection.commit();
    }

    /** The largest row id stored, or 0. */
    long maxId() {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM history")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw explain(e, file);
        }
    }

    /** The newest {@code limit} rows of the room with an id below {@code before}, oldest first. */
    List<RoomTail.Item> load(String user, String room, long before, int limit) throws SQLException {
        List<RoomTail.Item> items = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id, nick, body, at_second, at_nano, "
                + "stanza_id FROM history WHERE jid = ? AND room = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
            query.setString(1, user);
            query.setString(2, room);
            query.setLong(3, before);
            query.setInt(4, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    items.add(new RoomTail.Item(rows.getLong(1), new HistoryEntry(rows.getString(2),
                            rows.getString(3), Instant.ofEpochSecond(rows.getLong(4), rows.getInt(5)),
                            Optional.ofNullable(rows.getString(6)))));
                }
            }
        } finally {
            connection.commit();
        }
        Collections.reverse(items);
        return items;
    }

    /**
     * Apply one batch in one transaction, in order: inserts, and deletes of forgotten users (an entry queued
     * before a forget is deleted with the rest).
     */
    void write(List<PendingOp> batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO history (id, jid, room, nick, "
                + "body, at_second, at_nano, stanza_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM history WHERE jid = ?")) {
            int batched = 0;
            for (PendingOp op : batch) {
                switch (op) {
                    case PendingOp.Append append -> {
                        HistoryEntry entry = append.entry();
                        insert.setLong(1, append.seq());
                        insert.setString(2, append.user());
                        insert.setString(3, append.room());
                        insert.setString(4, entry.nick());
                        insert.setString(5, entry.body());
                        insert.setLong(6, entry.at().getEpochSecond());
                        insert.setInt(7, entry.at().getNano());
                        insert.setString(8, entry.stanzaId().orElse(null));
                        insert.addBatch();
                        batched++;
                    }
                    case PendingOp.Forget forget -> {
                        if (batched > 0) {
                            insert.executeBatch();
                            batched = 0;
                        }
                        delete.setString(1, forget.user());
                        delete.executeUpdate();
                    }
                    case PendingOp.Flush flush -> {
                        // A barrier only: completed by the writer after the commit.
                    }
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** Retention by count: keep the newest {@code keep} rows of the room. */
    void trim(String user, String room, int keep) throws SQLException {
        long boundary;
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM history WHERE jid = ? AND "
                + "room = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            query.setString(1, user);
            query.setString(2, room);
            query.setInt(3, keep);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    connection.commit();
                    return;
                }
                boundary = rows.getLong(1);
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM history WHERE jid = ? AND room = ? AND id <= ?")) {
            delete.setString(1, user);
            delete.setString(2, room);
            delete.setLong(3, boundary);
            delete.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** Retention by age: delete rows said before {@code before}. */
    int expire(Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM history WHERE at_second < ?")) {
            delete.setLong(1, before.getEpochSecond());
            int removed = delete.executeUpdate();
            connection.commit();
            return removed;
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** How many rows the file holds (for tests and statistics). */
    long count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM history")) {
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
