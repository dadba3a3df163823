package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.MAIL;
import static im.switchboard.registration.store.StoreFixtures.hashes;
import static im.switchboard.registration.store.StoreFixtures.romeo;
import static im.switchboard.registration.store.StoreFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation: every account survives under the new key, the old key no longer opens the database. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyRotationTest {

    @TempDir
    Path temp;

    private final MasterKey oldKey = MasterKey.generate();
    private final MasterKey newKey = MasterKey.generate();
    private Path file;

    @BeforeEach
    void createDatabase() {
        file = temp.resolve("db").resolve("credentials.mv.db");
        try (CredentialDatabase database = CredentialDatabase.open(file, oldKey)) {
            database.forDomain(IRC).save(romeo("Balcony-77"));
            database.forDomain(IRC).save(user(1, "a"));
            database.forDomain(MAIL).save(user(1, "m"));
        }
    }

    @Test
    void everyAccountReadableWithTheNewKeyNoneWithTheOld() throws Exception {
        CredentialDatabase.rotateKey(file, oldKey, newKey);

        CredentialStoreException old = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(file, oldKey));
        assertTrue(old.getMessage().contains("the master key does not match"), old.getMessage());
        try (CredentialDatabase database = CredentialDatabase.open(file, newKey)) {
            assertEquals(Set.of(romeo("Balcony-77"), user(1, "a")), new HashSet<>(database.forDomain(IRC).all()));
            assertEquals(List.of(user(1, "m")), database.forDomain(MAIL).all());
        }
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no copy of the old-key database is left");
        }
    }

    @Test
    void rotatingTwiceAndBack() {
        MasterKey third = MasterKey.generate();
        CredentialDatabase.rotateKey(file, oldKey, newKey);
        CredentialDatabase.rotateKey(file, newKey, third);
        try (CredentialDatabase database = CredentialDatabase.open(file, third)) {
            assertEquals(2, database.forDomain(IRC).all().size());
        }
    }

    @Test
    void wrongOldKeyOrSameKeyIsRefusedAndNothingChanges() {
        Map<String, String> before = hashes(temp);
        CredentialStoreException wrong = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.rotateKey(file, MasterKey.generate(), newKey));
        assertTrue(wrong.getMessage().contains("the master key does not match"), wrong.getMessage());
        assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.rotateKey(file, oldKey, MasterKey.fromEncoded(oldKey.revealEncoded())));
        assertEquals(before, hashes(temp));
        try (CredentialDatabase database = CredentialDatabase.open(file, oldKey)) {
            Registration romeo = database.forDomain(IRC).find("romeo@montague.lit").orElseThrow();
            assertEquals("Balcony-77", romeo.secrets().get("password").reveal());
        }
    }
}
