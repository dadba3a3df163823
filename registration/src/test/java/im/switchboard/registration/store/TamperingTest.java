package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.MAIL;
import static im.switchboard.registration.store.StoreFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * THREATS G2: someone who can write the tables (here the test, with the right file password) cannot move a
 * sealed secret to another user, field or domain: the store refuses to open, loudly, instead of handing the
 * wrong password to the wrong account.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TamperingTest {

    @TempDir
    Path temp;

    private final MasterKey key = MasterKey.generate();
    private DatabaseFiles files;

    @BeforeEach
    void createDatabase() {
        files = DatabaseFiles.of(temp.resolve("credentials.mv.db"));
        try (CredentialDatabase database = CredentialDatabase.open(files.databaseFile(), key)) {
            database.forDomain(IRC).save(user(1, "v1"));
            database.forDomain(IRC).save(user(2, "v1"));
            database.forDomain(MAIL).save(user(1, "v1"));
        }
    }

    @Test
    void secretMovedToAnotherUserFails() throws SQLException {
        copySealed(IRC, "user1@montague.lit", "password", IRC, "user2@montague.lit", "password");
        assertRefused("'password' of user2@montague.lit with " + IRC);
    }

    @Test
    void secretMovedToAnotherFieldFails() throws SQLException {
        copySealed(IRC, "user1@montague.lit", "password", IRC, "user1@montague.lit", "sasl");
        assertRefused("'sasl' of user1@montague.lit with " + IRC);
    }

    @Test
    void secretMovedToAnotherDomainFails() throws SQLException {
        copySealed(IRC, "user1@montague.lit", "password", MAIL, "user1@montague.lit", "password");
        assertRefused("'password' of user1@montague.lit with " + MAIL);
    }

    @Test
    void flippedCiphertextBitFails() throws SQLException {
        try (Connection connection = CredentialDatabase.connect(files, DerivedKeys.of(key), false, false)) {
            byte[] sealed = sealed(connection, IRC, "user2@montague.lit", "sasl");
            sealed[sealed.length - 20] ^= 1;
            update(connection, IRC, "user2@montague.lit", "sasl", sealed);
            connection.commit();
        }
        assertRefused("'sasl' of user2@montague.lit with " + IRC);
    }

    @Test
    void keyCheckValueThatDoesNotMatchIsReportedAsAWrongKey() throws SQLException {
        // The file password was right (H2 opened it) but the stored key check value says another key wrote it.
        try (Connection connection = CredentialDatabase.connect(files, DerivedKeys.of(key), false, false);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE meta SET val = ? WHERE name = 'key_check'")) {
            update.setBytes(1, DerivedKeys.of(MasterKey.generate()).keyCheck());
            assertEquals(1, update.executeUpdate());
            connection.commit();
        }
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(files.databaseFile(), key));
        assertTrue(e.getMessage().contains("the master key does not match"), e.getMessage());
    }

    @Test
    void untouchedDatabaseStillOpens() {
        try (CredentialDatabase database = CredentialDatabase.open(files.databaseFile(), key)) {
            assertEquals(user(2, "v1"), database.forDomain(IRC).find("user2@montague.lit").orElseThrow());
        }
    }

    private void assertRefused(String which) {
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(files.databaseFile(), key));
        assertTrue(e.getMessage().contains("the secret field " + which) && e.getMessage().contains("does not decrypt"),
                e.getMessage());
    }

    private void copySealed(String fromDomain, String fromUser, String fromField, String toDomain, String toUser,
                            String toField) throws SQLException {
        try (Connection connection = CredentialDatabase.connect(files, DerivedKeys.of(key), false, false)) {
            update(connection, toDomain, toUser, toField, sealed(connection, fromDomain, fromUser, fromField));
            connection.commit();
        }
    }

    private static byte[] sealed(Connection connection, String domain, String user, String field)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT sealed_value FROM registration_field "
                + "WHERE domain = ? AND jid = ? AND name = ?")) {
            select.setString(1, domain);
            select.setString(2, user);
            select.setString(3, field);
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next());
                return rows.getBytes(1);
            }
        }
    }

    private static void update(Connection connection, String domain, String user, String field, byte[] sealed)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE registration_field SET sealed_value = ? "
                + "WHERE domain = ? AND jid = ? AND name = ?")) {
            update.setBytes(1, sealed);
            update.setString(2, domain);
            update.setString(3, user);
            update.setString(4, field);
            assertEquals(1, update.executeUpdate());
        }
    }
}
