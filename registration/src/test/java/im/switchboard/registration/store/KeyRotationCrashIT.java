package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.MAIL;
import static im.switchboard.registration.store.StoreFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A key rotation killed with SIGKILL at any step leaves a database that opens with the old key (before the
 * rename) or the new key (after it), with every registration; a second rotation then completes and cleans up.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KeyRotationCrashIT {

    private static final int USERS = 6;

    @TempDir
    Path temp;

    private Path database;
    private Path oldKeyFile;
    private Path newKeyFile;
    private MasterKey oldKey;
    private MasterKey newKey;

    @BeforeEach
    void createDatabase() {
        database = temp.resolve("db").resolve("credentials.mv.db");
        oldKeyFile = temp.resolve("old.key");
        newKeyFile = temp.resolve("new.key");
        MasterKey.generate().writeTo(oldKeyFile);
        MasterKey.generate().writeTo(newKeyFile);
        oldKey = MasterKey.readFrom(oldKeyFile);
        newKey = MasterKey.readFrom(newKeyFile);
        try (CredentialDatabase db = CredentialDatabase.open(database, oldKey)) {
            for (int i = 0; i < USERS; i++) {
                db.forDomain(IRC).save(user(i, "irc"));
                db.forDomain(MAIL).save(user(i, "mail"));
            }
        }
    }

    @ParameterizedTest(name = "killed at {0} ({1}), then the database opens with the {2} key")
    @CsvSource({"rotate-after-read, 1, old", "rotate-while-copying, 3, old", "rotate-before-rename, 1, old",
        "rotate-after-rename, 1, new"})
    void crashLeavesOneUsableDatabase(String point, int hit, String expectedKey) throws Exception {
        ChildProcess.runUntilCrashPoint(point, "rotate", database.toString(), oldKeyFile.toString(),
                newKeyFile.toString(), point, Integer.toString(hit));

        MasterKey works = expectedKey.equals("old") ? oldKey : newKey;
        MasterKey fails = expectedKey.equals("old") ? newKey : oldKey;
        assertThrows(CredentialStoreException.class, () -> CredentialDatabase.open(database, fails).close());
        assertEverythingThere(works);

        // Running the rotation again (from the key that works) finishes the job and removes the leftovers.
        if (works == oldKey) {
            CredentialDatabase.rotateKey(database, oldKey, newKey);
        }
        assertEverythingThere(newKey);
        try (var files = Files.list(database.getParent())) {
            assertEquals(List.of(database), files.toList());
        }
    }

    private void assertEverythingThere(MasterKey key) {
        try (CredentialDatabase db = CredentialDatabase.open(database, key)) {
            Set<Registration> irc = new HashSet<>();
            Set<Registration> mail = new HashSet<>();
            for (int i = 0; i < USERS; i++) {
                irc.add(user(i, "irc"));
                mail.add(user(i, "mail"));
            }
            assertEquals(irc, new HashSet<>(db.forDomain(IRC).all()));
            assertEquals(mail, new HashSet<>(db.forDomain(MAIL).all()));
        }
    }
}
