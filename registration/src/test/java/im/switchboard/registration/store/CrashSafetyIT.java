package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * THREATS G5: a JVM killed with SIGKILL in the middle of a registration leaves every user fully registered (all
 * fields and secrets of one save) or absent, and the database opens. A save that returned is durable.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CrashSafetyIT {

    @TempDir
    Path temp;

    private Path database;
    private Path keyFile;
    private MasterKey key;

    @BeforeEach
    void keys() throws Exception {
        database = temp.resolve("db").resolve("credentials.mv.db");
        keyFile = Files.createDirectories(temp.resolve("keys")).resolve("master.key");
        MasterKey.generate().writeTo(keyFile);
        key = MasterKey.readFrom(keyFile);
    }

    @ParameterizedTest(name = "killed at {0} of the {1}th registration")
    @CsvSource({"save-after-delete, 1", "save-after-delete, 6", "save-before-commit, 1", "save-before-commit, 5",
        "save-after-commit, 4"})
    void killedWhileRegisteringNewUsers(String point, int hit) throws Exception {
        List<Integer> saved = ChildProcess.runUntilCrashPoint(point, "register", database.toString(),
                keyFile.toString(), point, Integer.toString(hit));
        assertEquals(hit - 1, saved.size(), "the child returned from every save before the crash point");
        int inFlight = hit - 1;
        try (CredentialDatabase db = CredentialDatabase.open(database, key)) {
            Map<String, Registration> found = db.forDomain(IRC).all().stream()
                    .collect(Collectors.toMap(Registration::user, r -> r));
            for (int i : saved) {
                assertEquals(user(i, "v1"), found.get("user" + i + "@montague.lit"), "saved before the crash");
            }
            Optional<Registration> partial = db.forDomain(IRC).find("user" + inFlight + "@montague.lit");
            if (point.equals("save-after-commit")) {
                assertEquals(Optional.of(user(inFlight, "v1")), partial, "committed, so it is there, complete");
            } else {
                assertEquals(Optional.empty(), partial, "not committed, so absent");
            }
            assertEquals(saved.size() + (partial.isPresent() ? 1 : 0), found.size());
        }
    }

    @ParameterizedTest(name = "killed at {0} of the {1}th update")
    @CsvSource({"save-after-delete, 1", "save-after-delete, 4", "save-before-commit, 3", "save-after-commit, 2"})
    void killedWhileUpdatingUsers(String point, int hit) throws Exception {
        int count = 8;
        try (CredentialDatabase db = CredentialDatabase.open(database, key)) {
            for (int i = 0; i < count; i++) {
                db.forDomain(IRC).save(user(i, "v1"));
            }
        }
        List<Integer> saved = ChildProcess.runUntilCrashPoint(point, "update", database.toString(),
                keyFile.toString(), point, Integer.toString(hit), Integer.toString(count));
        int inFlight = hit - 1;
        try (CredentialDatabase db = CredentialDatabase.open(database, key)) {
            assertEquals(count, db.forDomain(IRC).all().size(), "nobody lost, nobody half-registered");
            for (int i = 0; i < count; i++) {
                Registration found = db.forDomain(IRC).find("user" + i + "@montague.lit").orElseThrow();
                boolean updated = saved.contains(i) || (i == inFlight && point.equals("save-after-commit"));
                assertEquals(user(i, updated ? "v2" : "v1"), found, "user " + i + " is one whole version");
            }
        }
        assertFalse(saved.contains(inFlight));
        assertTrue(Files.exists(database));
    }
}
