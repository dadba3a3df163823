package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.MAIL;
import static im.switchboard.registration.store.StoreFixtures.romeo;
import static im.switchboard.registration.store.StoreFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationStore;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CredentialDatabaseTest {

    @TempDir
    Path temp;

    private final MasterKey key = MasterKey.generate();

    private Path file() {
        return temp.resolve("db").resolve("credentials.mv.db");
    }

    @Test
    void roundTripAcrossCloseAndOpen() {
        Registration romeo = romeo("s3cret-Verona");
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            RegistrationStore irc = database.forDomain(IRC);
            irc.save(romeo);
            irc.save(user(1, "a"));
            assertEquals(Optional.of(romeo), irc.find("romeo@montague.lit"));
            assertSame(irc, database.forDomain(IRC));
        }
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            RegistrationStore irc = database.forDomain(IRC);
            Registration found = irc.find("romeo@montague.lit").orElseThrow();
            assertEquals(romeo.fields(), found.fields());
            assertEquals("s3cret-Verona", found.secrets().get("password").reveal());
            assertEquals(Set.of(romeo, user(1, "a")), new HashSet<>(irc.all()));
            assertTrue(irc.remove("romeo@montague.lit"));
            assertFalse(irc.remove("romeo@montague.lit"));
        }
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            assertEquals(Optional.empty(), database.forDomain(IRC).find("romeo@montague.lit"));
            assertEquals(List.of(user(1, "a")), database.forDomain(IRC).all());
        }
    }

    @Test
    void domainsDoNotSeeEachOthersUsers() {
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            database.forDomain(IRC).save(romeo("irc-pass"));
            Registration mailRomeo = new Registration("romeo@montague.lit", Map.of("address", "romeo@verona.it"),
                    Map.of("password", Secret.of("mail-pass")));
            database.forDomain(MAIL).save(mailRomeo);
            database.forDomain(MAIL).save(user(2, "m"));
        }
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            assertEquals(1, database.forDomain(IRC).all().size());
            assertEquals(2, database.forDomain(MAIL).all().size());
            assertEquals("irc-pass", database.forDomain(IRC).find("romeo@montague.lit").orElseThrow()
                    .secrets().get("password").reveal());
            assertEquals("mail-pass", database.forDomain(MAIL).find("romeo@montague.lit").orElseThrow()
                    .secrets().get("password").reveal());
            assertEquals(Optional.empty(), database.forDomain(IRC).find("user2@montague.lit"));
            assertTrue(database.forDomain(MAIL).remove("romeo@montague.lit"));
            assertTrue(database.forDomain(IRC).find("romeo@montague.lit").isPresent());
            assertEquals(List.of(), database.forDomain("sms.example.org").all());
        }
    }

    @Test
    void updateReplacesEveryFieldAndSecret() {
        Registration before = new Registration("juliet@capulet.lit", Map.of("nick", "juliet", "realname", "J"),
                Map.of("password", Secret.of("old-pass"), "nickserv", Secret.of("old-ns")));
        Registration after = new Registration("juliet@capulet.lit", Map.of("nick", "juliet_"),
                Map.of("password", Secret.of("new-pass")));
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            database.forDomain(IRC).save(before);
            database.forDomain(IRC).save(after);
            assertEquals(Optional.of(after), database.forDomain(IRC).find("juliet@capulet.lit"));
        }
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            Registration found = database.forDomain(IRC).find("juliet@capulet.lit").orElseThrow();
            assertEquals(Map.of("nick", "juliet_"), found.fields());
            assertEquals(Set.of("password"), found.secrets().keySet());
            assertEquals("new-pass", found.secrets().get("password").reveal());
        }
    }

    @Test
    void concurrentWritersAndReaders() throws Exception {
        try (CredentialDatabase database = CredentialDatabase.open(file(), key);
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            RegistrationStore irc = database.forDomain(IRC);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(executor.submit(() -> {
                    irc.save(user(n, "a"));
                    irc.save(user(n, "b"));
                    return irc.find("user" + n + "@montague.lit").orElseThrow();
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(user(i, "b"), futures.get(i).get(30, TimeUnit.SECONDS));
            }
        }
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            assertEquals(40, database.forDomain(IRC).all().size());
        }
    }

    @Test
    void filesAndCreatedDirectoryAreOwnerOnly() throws Exception {
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            database.forDomain(IRC).save(romeo("pw"));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())));
        try (var files = Files.list(file().getParent())) {
            List<Path> written = files.toList();
            // H2 wrote no trace file and no lock file beside the database (TRACE_LEVEL_FILE=0).
            assertEquals(List.of(file()), written);
            for (Path path : written) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path
                        .toString());
            }
        }
    }

    @Test
    void oneOpenDatabasePerFileAndRotationNeedsItClosed() {
        try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
            database.forDomain(IRC).save(romeo("pw"));
            CredentialStoreException twice = assertThrows(CredentialStoreException.class,
                    () -> CredentialDatabase.open(file(), key));
            assertTrue(twice.getMessage().contains("already open in this process"), twice.getMessage());
            assertThrows(CredentialStoreException.class,
                    () -> CredentialDatabase.rotateKey(file(), key, MasterKey.generate()));
            assertEquals(Optional.of(romeo("pw")), database.forDomain(IRC).find("romeo@montague.lit"));
        }
        CredentialDatabase.open(file(), key).close();
    }

    @Test
    void closedDatabaseRefusesUseAndCloseIsIdempotent() {
        CredentialDatabase database = CredentialDatabase.open(file(), key);
        RegistrationStore irc = database.forDomain(IRC);
        database.close();
        database.close();
        assertThrows(IllegalStateException.class, () -> irc.find("romeo@montague.lit"));
        assertThrows(IllegalStateException.class, () -> irc.save(romeo("pw")));
    }

    @Test
    void refusesPathsThatAreNotAnH2FileOrCouldAddUrlSettings() {
        // THREATS G4: the JDBC URL is built from the configured path only, and the path cannot add settings.
        CredentialStoreException suffix = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(temp.resolve("credentials.db"), key));
        assertTrue(suffix.getMessage().contains(".mv.db"), suffix.getMessage());
        CredentialStoreException semicolon = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(temp.resolve("x;INIT=RUNSCRIPT FROM 'evil'.mv.db"), key));
        assertTrue(semicolon.getMessage().contains("';'"), semicolon.getMessage());
        assertThrows(IllegalArgumentException.class, () -> {
            try (CredentialDatabase database = CredentialDatabase.open(file(), key)) {
                database.forDomain("romeo@montague.lit");
            }
        });
    }
}
