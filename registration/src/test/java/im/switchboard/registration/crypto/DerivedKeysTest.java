package im.switchboard.registration.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREATS G2: each database of the gateway has its own keys, all derived from the one master key. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DerivedKeysTest {

    private final MasterKey key = MasterKey.generate();

    @Test
    void anotherDatabaseGetsItsOwnStablePassword() {
        char[] history = DerivedKeys.h2PasswordFor(key, "room-history");
        assertArrayEquals(history, DerivedKeys.h2PasswordFor(key, "room-history"));
        assertFalse(Arrays.equals(history, DerivedKeys.of(key).h2Password()));
        assertFalse(Arrays.equals(history, DerivedKeys.h2PasswordFor(key, "other-file")));
        assertFalse(Arrays.equals(history, DerivedKeys.h2PasswordFor(MasterKey.generate(), "room-history")));
    }

    @Test
    void theCredentialStoresLabelAndOddPurposesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DerivedKeys.h2PasswordFor(key, "credential-store"));
        assertThrows(IllegalArgumentException.class, () -> DerivedKeys.h2PasswordFor(key, "a/b"));
        assertThrows(IllegalArgumentException.class, () -> DerivedKeys.h2PasswordFor(key, ""));
    }
}
