package im.switchboard.registration.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AES-256-GCM per secret field, bound to (domain, user, field) (THREATS G2). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SecretCipherTest {

    private final SecretCipher cipher = DerivedKeys.of(MasterKey.generate()).secretCipher();

    @Test
    void roundTripWithAFreshNonceEachTime() throws GeneralSecurityException {
        byte[] first = cipher.seal("irc.example.org", "romeo@montague.lit", "password", "wherefore art thou");
        byte[] second = cipher.seal("irc.example.org", "romeo@montague.lit", "password", "wherefore art thou");
        assertFalse(Arrays.equals(first, second));
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, 1, 13), Arrays.copyOfRange(second, 1, 13)));
        assertEquals("wherefore art thou", cipher.open("irc.example.org", "romeo@montague.lit", "password", first));
        assertEquals("", cipher.open("d", "u", "f", cipher.seal("d", "u", "f", "")));
        String unicode = "pässwörd-\uD83D\uDD11";
        assertEquals(unicode, cipher.open("d", "u", "f", cipher.seal("d", "u", "f", unicode)));
    }

    @Test
    void anotherPlaceOrKeyOrAlteredBytesFail() {
        byte[] sealed = cipher.seal("irc.example.org", "romeo@montague.lit", "password", "pw");
        assertThrows(GeneralSecurityException.class,
                () -> cipher.open("irc.example.org", "juliet@capulet.lit", "password", sealed));
        assertThrows(GeneralSecurityException.class,
                () -> cipher.open("irc.example.org", "romeo@montague.lit", "nickserv", sealed));
        assertThrows(GeneralSecurityException.class,
                () -> cipher.open("mail.example.org", "romeo@montague.lit", "password", sealed));
        // Length prefixes: moving a character from one part to the next is another place.
        assertThrows(GeneralSecurityException.class,
                () -> cipher.open("irc.example.or", "gromeo@montague.lit", "password", sealed));
        assertThrows(GeneralSecurityException.class, () -> DerivedKeys.of(MasterKey.generate()).secretCipher()
                .open("irc.example.org", "romeo@montague.lit", "password", sealed));
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThrows(GeneralSecurityException.class,
                () -> cipher.open("irc.example.org", "romeo@montague.lit", "password", altered));
        assertThrows(GeneralSecurityException.class,
                () -> cipher.open("irc.example.org", "romeo@montague.lit", "password", new byte[5]));
    }
}
