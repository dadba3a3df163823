package im.switchboard.registration.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The versioned schema: recorded in schema_version, applied once, a newer schema refused untouched. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationsTest {

    @TempDir
    Path temp;

    @Test
    void statementsOfTheFirstMigration() {
        assertEquals(3, Migrations.statements("V1__credentials.sql").size());
        assertTrue(Migrations.statements("V1__credentials.sql").getFirst()
                .startsWith("CREATE TABLE IF NOT EXISTS meta"));
    }

    @Test
    void versionRecordedOnceAndNewerSchemaRefused() throws SQLException {
        MasterKey key = MasterKey.generate();
        DatabaseFiles files = DatabaseFiles.of(temp.resolve("credentials.mv.db"));
        CredentialDatabase.open(files.databaseFile(), key).close();
        CredentialDatabase.open(files.databaseFile(), key).close();
        try (Connection connection = CredentialDatabase.connect(files, DerivedKeys.of(key), false, false)) {
            assertEquals(Migrations.latestVersion(), Migrations.currentVersion(connection));
            try (Statement statement = connection.createStatement()) {
                var rows = statement.executeQuery("SELECT COUNT(*) FROM schema_version");
                rows.next();
                assertEquals(Migrations.RESOURCES.size(), rows.getInt(1));
                statement.executeUpdate("INSERT INTO schema_version VALUES (99, 'V99__future.sql', CURRENT_TIMESTAMP)");
            }
            connection.commit();
        }
        var hashes = StoreFixtures.hashes(temp);
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(files.databaseFile(), key));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertEquals(hashes, StoreFixtures.hashes(temp));
    }
}
