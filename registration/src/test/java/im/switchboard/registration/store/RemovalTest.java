package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.romeo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.tools.ChangeFileEncryption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * THREATS G6: after {@code remove} and a close (which compacts the file), the decrypted file itself holds no
 * trace of the removed user: not their JID, not their sealed password. Decrypting with H2's own tool and the
 * right file password shows what anyone holding the master key could read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemovalTest {

    @TempDir
    Path temp;

    @Test
    void removedUserLeavesNoTraceInTheDecryptedFile() throws Exception {
        MasterKey key = MasterKey.generate();
        DatabaseFiles files = DatabaseFiles.of(temp.resolve("db").resolve("credentials.mv.db"));
        try (CredentialDatabase database = CredentialDatabase.open(files.databaseFile(), key)) {
            database.forDomain(IRC).save(romeo("Balcony-77"));
            database.forDomain(IRC).save(new Registration("nurse@capulet.lit", Map.of("nick", "NurseAngelica"),
                    Map.of("password", Secret.of("Rosemary-and-Rue"))));
        }
        byte[] sealed;
        try (Connection connection = CredentialDatabase.connect(files, DerivedKeys.of(key), true, false);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT sealed_value FROM registration_field WHERE jid = 'nurse@capulet.lit' "
                             + "AND name = 'password'");
             ResultSet rows = select.executeQuery()) {
            assertTrue(rows.next());
            sealed = rows.getBytes(1);
        }
        try (CredentialDatabase database = CredentialDatabase.open(files.databaseFile(), key)) {
            assertTrue(database.forDomain(IRC).remove("nurse@capulet.lit"));
        }

        Path scratch = Files.createDirectories(temp.resolve("scratch"));
        Files.copy(files.databaseFile(), scratch.resolve("credentials.mv.db"));
        String filePassword = new String(DerivedKeys.of(key).h2Password()).split(" ")[0];
        ChangeFileEncryption.execute(scratch.toString(), "credentials", "AES", filePassword.toCharArray(), null,
                true);
        byte[] plain = Files.readAllBytes(scratch.resolve("credentials.mv.db"));

        assertTrue(contains(plain, "romeo@montague.lit".getBytes(StandardCharsets.UTF_8)),
                "control: the decrypted file shows the user still registered");
        assertEquals(false, contains(plain, "nurse@capulet.lit".getBytes(StandardCharsets.UTF_8)));
        assertEquals(false, contains(plain, "NurseAngelica".getBytes(StandardCharsets.UTF_8)));
        assertEquals(false, contains(plain, Arrays.copyOfRange(sealed, 1, 17)), "the sealed password is gone");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
