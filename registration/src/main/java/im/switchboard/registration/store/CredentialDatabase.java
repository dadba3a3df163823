package im.switchboard.registration.store;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationStore;
import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import im.switchboard.registration.crypto.SecretCipher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one encrypted credential database: an H2 file holding the registrations of every component
 * domain, keyed by (component domain, normalised bare JID) (THREATS G2, G4, G5, G6, G7, G8).
 *
 * <p>Two layers of encryption: H2 encrypts the whole file ({@code CIPHER=AES}) with a password derived from the
 * {@link MasterKey}, and every secret field is sealed on its own with AES-256-GCM, bound to its domain, user and
 * field ({@link SecretCipher}). A key check value in the {@code meta} table recognises a wrong key.
 *
 * <p>Opening fails closed with a {@link CredentialStoreException}: a wrong or missing key, a damaged, truncated or
 * empty file, a secret that does not decrypt, or a schema from a newer version. An existing file is first opened
 * read-only and every row is read and every secret decrypted; only then is it opened for writing, so a refused
 * file is left byte for byte as it was. A missing file is created only if no other file of that database name is
 * in the directory (a lost {@code .mv.db} beside its leftovers means something is wrong, not a first start).
 *
 * <p>Reads are answered from memory: all registrations are loaded at open, with their secrets still sealed; a
 * secret is decrypted when {@link RegistrationStore#find} or {@link RegistrationStore#all} returns it, so plain
 * passwords stay on the heap only while a caller holds them. Writes go through to the database first and update
 * memory after the commit.
 *
 * <p>Thread-safe: reads take no lock; writes and {@link #close()} are serialised by one {@link ReentrantLock}
 * around the single JDBC connection. {@link #close()} is idempotent and compacts the file ({@code SHUTDOWN
 * COMPACT}) so that pages of removed or replaced registrations do not linger in it (THREATS G6).
 */
public final class CredentialDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialDatabase.class);
    private static final String H2_USER = "switchboard";
    private static final String KEY_CHECK = "key_check";

    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    private final DatabaseFiles files;
    private final SecretCipher cipher;
    private final Connection connection;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentMap<String, ConcurrentMap<String, StoredRegistration>> byDomain;
    private final ConcurrentMap<String, RegistrationStore> stores = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private CredentialDatabase(DatabaseFiles files, SecretCipher cipher, Connection connection,
                               ConcurrentMap<String, ConcurrentMap<String, StoredRegistration>> byDomain) {
        this.files = files;
        this.cipher = cipher;
        this.connection = connection;
        this.byDomain = byDomain;
    }

    /**
     * Opens the database, creating it if neither it nor any file of its name exists.
     *
     * @param databaseFile the H2 file, {@code <dir>/<name>.mv.db}; taken from the configuration, never from a user
     * @param key          the master key; null means none was configured, which is refused
     * @return the open database
     * @throws CredentialStoreException if it cannot be opened; an existing database file was not changed then
     */
    public static CredentialDatabase open(Path databaseFile, MasterKey key) {
        Objects.requireNonNull(databaseFile, "databaseFile");
        DatabaseFiles files = DatabaseFiles.of(databaseFile);
        if (key == null) {
            throw new CredentialStoreException("no master key was given for the database " + files.databaseFile()
                    + ": set SWITCHBOARD_STORE_MASTER_KEY or configure store.master-key-file; the file was not"
                    + " touched");
        }
        // Within one JVM, H2 would hand a second opener the same open database: two memory caches could then
        // disagree, and one close would shut the other down. One CredentialDatabase per file.
        if (!OPEN_FILES.add(files.databaseFile())) {
            throw new CredentialStoreException("the database " + files.databaseFile() + " is already open in this "
                    + "process; close it first (a key rotation needs it closed)");
        }
        try {
            return openExclusively(files, key);
        } catch (RuntimeException e) {
            OPEN_FILES.remove(files.databaseFile());
            throw e;
        }
    }

    private static CredentialDatabase openExclusively(DatabaseFiles files, MasterKey key) {
        files.refuseKeyInside(key);
        DerivedKeys keys = DerivedKeys.of(key);
        boolean exists = Files.exists(files.databaseFile(), LinkOption.NOFOLLOW_LINKS);
        if (exists) {
            verifyReadOnly(files, keys);
        } else {
            List<Path> leftovers = files.existingFiles();
            if (!leftovers.isEmpty()) {
                throw new CredentialStoreException("the database " + files.databaseFile() + " is missing but "
                        + leftovers + " exist: not creating a new empty database beside them; restore the database "
                        + "file from a backup or move those files away");
            }
            files.createDirectory();
        }
        Connection connection = connect(files, keys, false, !exists);
        try {
            Migrations.apply(connection, files);
            checkKey(connection, files, keys, true);
            ConcurrentMap<String, ConcurrentMap<String, StoredRegistration>> loaded =
                    load(connection, files, keys.secretCipher());
            files.restrictPermissions();
            // The live file opened with this key, so files of an interrupted key rotation are obsolete.
            KeyRotation.removeStaleFiles(files);
            LOG.info("credential database {} open: {} registrations in {} domains", files.databaseFile(),
                    loaded.values().stream().mapToInt(Map::size).sum(), loaded.size());
            return new CredentialDatabase(files, keys.secretCipher(), connection, loaded);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw explain(e, files);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Changes the master key of a closed database: every secret is re-sealed and the file re-encrypted under the
     * new key. The new database is built beside the old one and renamed over it atomically; a crash at any point
     * leaves a database that opens with the old key or with the new one, with every registration. Write the new
     * key somewhere safe before calling this. The database must not be open, in this process or another. The old
     * file's content is overwritten before it is deleted.
     *
     * @throws CredentialStoreException if the old key does not open the database, or the rotation fails (the
     *                                  database then still opens with the old key)
     */
    public static void rotateKey(Path databaseFile, MasterKey oldKey, MasterKey newKey) {
        KeyRotation.rotate(DatabaseFiles.of(databaseFile), oldKey, newKey);
    }

    /**
     * The registrations of one component domain. The same store is returned for the same domain; it answers
     * {@code find} and {@code all} from memory and is valid until this database is closed.
     */
    public RegistrationStore forDomain(String componentDomain) {
        Objects.requireNonNull(componentDomain, "componentDomain");
        if (componentDomain.isEmpty() || componentDomain.indexOf('@') >= 0 || componentDomain.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a component domain: " + componentDomain);
        }
        return stores.computeIfAbsent(componentDomain, DomainStore::new);
    }

    /** The database file. */
    public Path databaseFile() {
        return files.databaseFile();
    }

    /** Every registration of every domain, decrypted: for a key rotation. */
    Map<String, List<Registration>> exportAll() {
        Map<String, List<Registration>> all = new HashMap<>();
        for (String domain : byDomain.keySet()) {
            all.put(domain, forDomain(domain).all());
        }
        return all;
    }

    /** Compacts and closes the file. Idempotent. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try (Statement statement = connection.createStatement()) {
                // Rewrites the file with live pages only, so removed secrets do not stay in old chunks (G6).
                statement.execute("SHUTDOWN COMPACT");
            } catch (SQLException e) {
                LOG.warn("credential database {} did not compact on close (H2 error {})", files.databaseFile(),
                        e.getErrorCode());
            } finally {
                closeQuietly(connection);
            }
            files.restrictPermissions();
            OPEN_FILES.remove(files.databaseFile());
            LOG.info("credential database {} closed", files.databaseFile());
        } finally {
            writeLock.unlock();
        }
    }

    private void save(String domain, Registration registration) {
        Map<String, byte[]> sealed = new HashMap<>();
        for (Map.Entry<String, Secret> secret : registration.secrets().entrySet()) {
            sealed.put(secret.getKey(), cipher.seal(domain, registration.user(), secret.getKey(),
                    secret.getValue().reveal()));
        }
        StoredRegistration stored = new StoredRegistration(registration.user(), registration.fields(), sealed);
        writeLock.lock();
        try {
            requireOpen();
            try {
                writeRegistration(domain, stored);
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly();
                throw new CredentialStoreException("cannot save the registration of " + registration.user() + " with "
                        + domain + " (H2 error " + e.getErrorCode() + "): the previous registration is kept", e);
            }
            CrashHook.reach("save-after-commit");
            byDomain.computeIfAbsent(domain, d -> new ConcurrentHashMap<>()).put(stored.user(), stored);
        } finally {
            writeLock.unlock();
        }
    }

    /** Replaces all the user's rows inside the caller's transaction (THREATS G5: one commit, all or nothing). */
    private void writeRegistration(String domain, StoredRegistration stored) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM registration_field WHERE domain = ? AND jid = ?")) {
            delete.setString(1, domain);
            delete.setString(2, stored.user());
            delete.executeUpdate();
        }
        CrashHook.reach("save-after-delete");
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO registration (domain, jid) KEY (domain, jid) VALUES (?, ?)")) {
            merge.setString(1, domain);
            merge.setString(2, stored.user());
            merge.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO registration_field "
                + "(domain, jid, name, text_value, sealed_value) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, String> field : stored.fields().entrySet()) {
                addField(insert, domain, stored.user(), field.getKey(), field.getValue(), null);
            }
            for (Map.Entry<String, byte[]> secret : stored.sealedSecrets().entrySet()) {
                addField(insert, domain, stored.user(), secret.getKey(), null, secret.getValue());
            }
            insert.executeBatch();
        }
        CrashHook.reach("save-before-commit");
    }

    private static void addField(PreparedStatement insert, String domain, String user, String name, String text,
                                 byte[] sealed) throws SQLException {
        insert.setString(1, domain);
        insert.setString(2, user);
        insert.setString(3, name);
        insert.setString(4, text);
        insert.setBytes(5, sealed);
        insert.addBatch();
    }

    private boolean remove(String domain, String user) {
        writeLock.lock();
        try {
            requireOpen();
            int removed;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM registration WHERE domain = ? AND jid = ?")) {
                delete.setString(1, domain);
                delete.setString(2, user);
                // The fields go with it: ON DELETE CASCADE (THREATS G6).
                removed = delete.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly();
                throw new CredentialStoreException("cannot remove the registration of " + user + " with " + domain
                        + " (H2 error " + e.getErrorCode() + "): it is kept", e);
            }
            ConcurrentMap<String, StoredRegistration> users = byDomain.get(domain);
            if (users != null) {
                users.remove(user);
            }
            return removed > 0;
        } finally {
            writeLock.unlock();
        }
    }

    private Optional<Registration> find(String domain, String user) {
        requireOpen();
        ConcurrentMap<String, StoredRegistration> users = byDomain.get(domain);
        StoredRegistration stored = users == null ? null : users.get(user);
        return stored == null ? Optional.empty() : Optional.of(decrypt(cipher, domain, stored, files));
    }

    private List<Registration> all(String domain) {
        requireOpen();
        ConcurrentMap<String, StoredRegistration> users = byDomain.get(domain);
        if (users == null) {
            return List.of();
        }
        List<Registration> result = new ArrayList<>(users.size());
        for (StoredRegistration stored : users.values()) {
            result.add(decrypt(cipher, domain, stored, files));
        }
        return List.copyOf(result);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the credential database " + files.databaseFile() + " is closed");
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed on {} (H2 error {})", files.databaseFile(), e.getErrorCode());
        }
    }

    private static Registration decrypt(SecretCipher cipher, String domain, StoredRegistration stored,
                                        DatabaseFiles files) {
        Map<String, Secret> secrets = new HashMap<>();
        for (Map.Entry<String, byte[]> sealed : stored.sealedSecrets().entrySet()) {
            try {
                secrets.put(sealed.getKey(), Secret.of(cipher.open(domain, stored.user(), sealed.getKey(),
                        sealed.getValue())));
            } catch (GeneralSecurityException e) {
                throw new CredentialStoreException("the secret field '" + sealed.getKey() + "' of " + stored.user()
                        + " with " + domain + " in " + files.databaseFile() + " does not decrypt: it was altered or "
                        + "moved from another user or field (THREATS G2); restore the backup", e);
            }
        }
        return new Registration(stored.user(), stored.fields(), secrets);
    }

    /** Opens an existing file read-only and reads and decrypts everything, so a bad file is refused untouched. */
    private static void verifyReadOnly(DatabaseFiles files, DerivedKeys keys) {
        long size;
        try {
            size = Files.size(files.databaseFile());
        } catch (IOException e) {
            throw new CredentialStoreException("cannot read the database " + files.databaseFile() + ": "
                    + e.getMessage(), e);
        }
        if (size == 0) {
            throw damaged(files, "the file is empty");
        }
        Connection readOnly;
        try {
            readOnly = rawConnect(files, keys, true, false);
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_IS_READ_ONLY) {
                // H2 found an unfinished or broken end of file and wants to repair it: not without the admin.
                throw damaged(files, "H2 would have to repair it (H2 error " + e.getErrorCode() + ")", e);
            }
            throw explain(e, files);
        }
        try {
            int version = Migrations.currentVersion(readOnly);
            Migrations.refuseNewer(version, files);
            if (version > 0) {
                checkKey(readOnly, files, keys, false);
            }
            if (version == Migrations.latestVersion()) {
                load(readOnly, files, keys.secretCipher());
            }
        } catch (SQLException e) {
            throw explain(e, files);
        } finally {
            closeQuietly(readOnly);
        }
    }

    /**
     * Compares the stored key check value with this key's. A database without one gets it only while it holds no
     * registration (its creation was interrupted); otherwise it is damaged.
     */
    private static void checkKey(Connection connection, DatabaseFiles files, DerivedKeys keys, boolean writable)
            throws SQLException {
        byte[] expected = keys.keyCheck();
        try (PreparedStatement select = connection.prepareStatement("SELECT val FROM meta WHERE name = ?")) {
            select.setString(1, KEY_CHECK);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    if (!MessageDigest.isEqual(expected, rows.getBytes(1))) {
                        throw wrongKey(files);
                    }
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM registration")) {
            rows.next();
            if (rows.getLong(1) > 0) {
                throw damaged(files, "its key check value is missing");
            }
        }
        if (writable) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO meta (name, val) VALUES (?, ?)")) {
                insert.setString(1, KEY_CHECK);
                insert.setBytes(2, expected);
                insert.executeUpdate();
            }
            connection.commit();
        }
    }

    /** Reads every registration and decrypts every secret once, to prove the file and the key are sound. */
    private static ConcurrentMap<String, ConcurrentMap<String, StoredRegistration>> load(
            Connection connection, DatabaseFiles files, SecretCipher cipher) throws SQLException {
        Map<String, Map<String, Map<String, String>>> fields = new HashMap<>();
        Map<String, Map<String, Map<String, byte[]>>> secrets = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT domain, jid FROM registration")) {
                while (rows.next()) {
                    fields.computeIfAbsent(rows.getString(1), d -> new HashMap<>()).put(rows.getString(2),
                            new HashMap<>());
                    secrets.computeIfAbsent(rows.getString(1), d -> new HashMap<>()).put(rows.getString(2),
                            new HashMap<>());
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT domain, jid, name, text_value, sealed_value FROM registration_field")) {
                while (rows.next()) {
                    String domain = rows.getString(1);
                    String jid = rows.getString(2);
                    String text = rows.getString(4);
                    if (text != null) {
                        fields.get(domain).get(jid).put(rows.getString(3), text);
                    } else {
                        secrets.get(domain).get(jid).put(rows.getString(3), rows.getBytes(5));
                    }
                }
            }
        }
        ConcurrentMap<String, ConcurrentMap<String, StoredRegistration>> loaded = new ConcurrentHashMap<>();
        for (Map.Entry<String, Map<String, Map<String, String>>> domain : fields.entrySet()) {
            ConcurrentMap<String, StoredRegistration> users = new ConcurrentHashMap<>();
            for (Map.Entry<String, Map<String, String>> user : domain.getValue().entrySet()) {
                StoredRegistration stored = new StoredRegistration(user.getKey(), user.getValue(),
                        secrets.get(domain.getKey()).get(user.getKey()));
                decrypt(cipher, domain.getKey(), stored, files);
                users.put(user.getKey(), stored);
            }
            loaded.put(domain.getKey(), users);
        }
        return loaded;
    }

    static Connection connect(DatabaseFiles files, DerivedKeys keys, boolean readOnly, boolean create) {
        try {
            return rawConnect(files, keys, readOnly, create);
        } catch (SQLException e) {
            throw explain(e, files);
        }
    }

    private static Connection rawConnect(DatabaseFiles files, DerivedKeys keys, boolean readOnly, boolean create)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", H2_USER);
        char[] password = keys.h2Password();
        // H2 takes a char[] password, which is wiped below, rather than a String that stays on the heap.
        properties.put("password", password);
        try {
            Connection connection = org.h2.Driver.load().connect(files.jdbcUrl(readOnly, create), properties);
            connection.setAutoCommit(false);
            return connection;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Turns an H2 failure into a message that says what to do; H2's text may name files, never keys. */
    static CredentialStoreException explain(SQLException e, DatabaseFiles files) {
        return switch (e.getErrorCode()) {
            case ErrorCode.FILE_ENCRYPTION_ERROR_1, ErrorCode.WRONG_USER_OR_PASSWORD -> wrongKey(files, e);
            case ErrorCode.FILE_CORRUPTED_1, ErrorCode.FILE_VERSION_ERROR_1, ErrorCode.GENERAL_ERROR_1 ->
                    damaged(files, "H2 error " + e.getErrorCode(), e);
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> new CredentialStoreException("the database "
                    + files.databaseFile() + " is in use by another process: is another Switchboard running?", e);
            case ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1 -> new CredentialStoreException("the database "
                    + files.databaseFile() + " disappeared while it was being opened", e);
            default -> new CredentialStoreException("cannot use the database " + files.databaseFile() + " (H2 error "
                    + e.getErrorCode() + "); it was not touched", e);
        };
    }

    private static CredentialStoreException wrongKey(DatabaseFiles files) {
        return wrongKey(files, null);
    }

    private static CredentialStoreException wrongKey(DatabaseFiles files, Throwable cause) {
        return new CredentialStoreException("the master key does not match the database " + files.databaseFile()
                + ": was it rotated? is SWITCHBOARD_STORE_MASTER_KEY (or the key file) right? The file was not touched",
                cause);
    }

    private static CredentialStoreException damaged(DatabaseFiles files, String why) {
        return damaged(files, why, null);
    }

    private static CredentialStoreException damaged(DatabaseFiles files, String why, Throwable cause) {
        return new CredentialStoreException("the database " + files.databaseFile() + " is damaged (" + why
                + "): restore the backup; it was not touched", cause);
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing an H2 connection failed (H2 error {})", e.getErrorCode());
        }
    }

    /** The {@link RegistrationStore} of one component domain: a view of this database. */
    private final class DomainStore implements RegistrationStore {

        private final String domain;

        DomainStore(String domain) {
            this.domain = domain;
        }

        @Override
        public Optional<Registration> find(String user) {
            return CredentialDatabase.this.find(domain, Objects.requireNonNull(user, "user"));
        }

        @Override
        public List<Registration> all() {
            return CredentialDatabase.this.all(domain);
        }

        @Override
        public void save(Registration registration) {
            CredentialDatabase.this.save(domain, Objects.requireNonNull(registration, "registration"));
        }

        @Override
        public boolean remove(String user) {
            return CredentialDatabase.this.remove(domain, Objects.requireNonNull(user, "user"));
        }

        @Override
        public String toString() {
            return "RegistrationStore[" + domain + " in " + files.databaseFile() + "]";
        }
    }
}
