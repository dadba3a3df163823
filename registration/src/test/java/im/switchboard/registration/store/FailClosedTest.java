package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.hashes;
import static im.switchboard.registration.store.StoreFixtures.romeo;
import static im.switchboard.registration.store.StoreFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * THREATS G2 and G7: a wrong or missing key, or a damaged file, is refused with a message that says which, and
 * the file is left exactly as it was; no empty database is created in its place.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailClosedTest {

    @TempDir
    Path temp;

    private final MasterKey key = MasterKey.generate();
    private Path file;

    @BeforeEach
    void createDatabase() {
        file = temp.resolve("db").resolve("credentials.mv.db");
        try (CredentialDatabase database = CredentialDatabase.open(file, key)) {
            database.forDomain(IRC).save(romeo("Balcony-77"));
            for (int i = 0; i < 30; i++) {
                database.forDomain(IRC).save(user(i, "v1"));
            }
        }
    }

    @Test
    void copiedFileIsUselessWithAnotherKey() throws IOException {
        Path elsewhere = temp.resolve("stolen").resolve("credentials.mv.db");
        Files.createDirectories(elsewhere.getParent());
        Files.copy(file, elsewhere);
        Map<String, String> before = hashes(elsewhere.getParent());

        CredentialStoreException wrong = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(elsewhere, MasterKey.generate()));
        assertTrue(wrong.getMessage().contains("the master key does not match the database " + elsewhere),
                wrong.getMessage());
        CredentialStoreException none = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(elsewhere, null));
        assertTrue(none.getMessage().contains("no master key"), none.getMessage());
        assertEquals(before, hashes(elsewhere.getParent()));
        // And H2 without the file password cannot read it either.
        String url = "jdbc:h2:file:" + elsewhere.getParent().resolve("credentials")
                + ";IFEXISTS=TRUE;TRACE_LEVEL_FILE=0";
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "switchboard", "").close());
        assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url + ";CIPHER=AES", "switchboard", "guess guess").close());
        assertEquals(before, hashes(elsewhere.getParent()));
    }

    @Test
    void wrongKeyIsRefusedAndTheFileIsUnchanged() {
        Map<String, String> before = hashes(temp);
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(file, MasterKey.generate()));
        assertTrue(e.getMessage().contains("the master key does not match"), e.getMessage());
        assertTrue(e.getMessage().contains("SWITCHBOARD_STORE_MASTER_KEY"), e.getMessage());
        assertEquals(before, hashes(temp));
        try (CredentialDatabase database = CredentialDatabase.open(file, key)) {
            assertEquals(31, database.forDomain(IRC).all().size());
        }
    }

    @Test
    void bytesOverwrittenInTheMiddleAreRefused() throws IOException {
        long size = Files.size(file);
        // The first 8 KiB are H2's two copies of the store header; damage the data after them.
        long middle = 8192 + (size - 8192) / 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(middle);
            byte[] junk = new byte[256];
            Arrays.fill(junk, (byte) 0x5a);
            raf.write(junk);
        }
        assertRefusedAsDamaged();
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertRefusedAsDamaged();
    }

    @Test
    void zeroLengthFileIsRefused() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
        }
        assertRefusedAsDamaged();
    }

    @Test
    void missingFileBesideLeftoversIsNotRecreated() throws IOException {
        Files.move(file, temp.resolve("elsewhere.bin"));
        Files.writeString(file.resolveSibling("credentials.trace.db"), "left over");
        Map<String, String> before = hashes(temp);
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(file, key));
        assertTrue(e.getMessage().contains("is missing but"), e.getMessage());
        assertEquals(before, hashes(temp));
    }

    private void assertRefusedAsDamaged() {
        Map<String, String> before = hashes(temp);
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(file, key));
        assertTrue(e.getMessage().contains("the database " + file + " is damaged")
                && e.getMessage().contains("restore the backup; it was not touched"), e.getMessage());
        assertEquals(before, hashes(temp), "the file and its directory are unchanged, no new database created");
    }
}
