package im.switchboard.registration.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.store.CredentialDatabase;
import im.switchboard.registration.store.CredentialStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** THREATS G2: the master key stays outside the database directory, readable by its owner only. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MasterKeyTest {

    @TempDir
    Path temp;

    @Test
    void writeThenReadRoundTripsWithMode0600() throws IOException {
        MasterKey key = MasterKey.generate();
        Path file = temp.resolve("master.key");
        key.writeTo(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        MasterKey read = MasterKey.readFrom(file);
        assertEquals(key, read);
        assertEquals(Optional.of(file.toAbsolutePath()), read.keyFile());
    }

    @Test
    void writeToRefusesToOverwrite() throws IOException {
        Path file = temp.resolve("master.key");
        MasterKey first = MasterKey.generate();
        first.writeTo(file);
        MasterKeyException e = assertThrows(MasterKeyException.class, () -> MasterKey.generate().writeTo(file));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(first, MasterKey.readFrom(file));
    }

    @Test
    void keyFileReadableByOthersIsRefused() throws IOException {
        Path file = temp.resolve("master.key");
        MasterKey.generate().writeTo(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        MasterKeyException e = assertThrows(MasterKeyException.class, () -> MasterKey.readFrom(file));
        assertTrue(e.getMessage().contains("rw-r--r--") && e.getMessage().contains("chmod 600"), e.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThrows(MasterKeyException.class, () -> MasterKey.readFrom(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        assertThrows(MasterKeyException.class, () -> MasterKey.readFrom(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        MasterKey.readFrom(file);
    }

    @Test
    void keyFileInsideTheDatabaseDirectoryIsRefused() throws IOException {
        Path databaseDirectory = Files.createDirectories(temp.resolve("db"));
        Path keyFile = databaseDirectory.resolve("keys").resolve("master.key");
        Files.createDirectories(keyFile.getParent());
        MasterKey.generate().writeTo(keyFile);
        MasterKey key = MasterKey.readFrom(keyFile);
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> CredentialDatabase.open(databaseDirectory.resolve("credentials.mv.db"), key));
        assertTrue(e.getMessage().contains("inside the database directory"), e.getMessage());
        assertFalse(Files.exists(databaseDirectory.resolve("credentials.mv.db")));
    }

    @Test
    void encodedFormsAndInvalidValues() {
        MasterKey key = MasterKey.generate();
        assertEquals(key, MasterKey.fromEncoded(key.revealEncoded()));
        assertEquals(key, MasterKey.fromEncoded("  " + key.revealEncoded() + "\n"));
        byte[] raw = java.util.Base64.getDecoder().decode(key.revealEncoded());
        assertEquals(key, MasterKey.fromEncoded(HexFormat.of().formatHex(raw)));
        assertNotEquals(key, MasterKey.generate());
        assertThrows(MasterKeyException.class, () -> MasterKey.fromEncoded(""));
        assertThrows(MasterKeyException.class, () -> MasterKey.fromEncoded("not a key!"));
        MasterKeyException shortKey = assertThrows(MasterKeyException.class,
                () -> MasterKey.fromEncoded("c2hvcnQga2V5"));
        assertFalse(shortKey.getMessage().contains("c2hvcnQga2V5"), "the message does not repeat the value");
    }

    @Test
    void toStringNeverShowsTheKey() {
        MasterKey key = MasterKey.generate();
        String hex = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(key.revealEncoded()));
        assertFalse(key.toString().contains(key.revealEncoded()));
        assertFalse(key.toString().toLowerCase(java.util.Locale.ROOT).contains(hex.substring(0, 8)));
        assertTrue(key.toString().contains("******"));
        assertFalse(DerivedKeys.of(key).toString().contains(key.revealEncoded()));
    }

    @Test
    void derivedKeysAreIndependentAndStable() {
        MasterKey key = MasterKey.generate();
        assertEquals(HexFormat.of().formatHex(DerivedKeys.of(key).keyCheck()),
                HexFormat.of().formatHex(DerivedKeys.of(MasterKey.fromEncoded(key.revealEncoded())).keyCheck()));
        String password = new String(DerivedKeys.of(key).h2Password());
        String[] parts = password.split(" ");
        assertEquals(2, parts.length);
        assertNotEquals(parts[0], parts[1]);
        assertFalse(password.contains(HexFormat.of().formatHex(DerivedKeys.of(key).keyCheck())));
        assertNotEquals(password, new String(DerivedKeys.of(MasterKey.generate()).h2Password()));
    }
}
