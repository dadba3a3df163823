package im.switchboard.registration.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys derived from one {@link MasterKey}, each with its own HKDF label so that none reveals another.
 *
 * <p>Immutable and thread-safe; the password getters return fresh arrays that the caller should wipe.
 */
public final class DerivedKeys {

    private static final String PREFIX = "switchboard/credential-store/v1/";
    private static final String FILE_PASSWORD = PREFIX + "h2-file-password";
    private static final String USER_PASSWORD = PREFIX + "h2-user-password";
    private static final String SECRET_FIELDS = PREFIX + "secret-fields";
    private static final String KEY_CHECK = PREFIX + "key-check";

    private final String filePassword;
    private final String userPassword;
    private final SecretCipher secretCipher;
    private final byte[] keyCheck;

    private DerivedKeys(String filePassword, String userPassword, SecretCipher secretCipher, byte[] keyCheck) {
        this.filePassword = filePassword;
        this.userPassword = userPassword;
        this.secretCipher = secretCipher;
        this.keyCheck = keyCheck;
    }

    /** Derives every key from the master key. */
    public static DerivedKeys of(MasterKey masterKey) {
        byte[] secretKeyBytes = masterKey.derive(SECRET_FIELDS, 32);
        SecretKey secretKey = new SecretKeySpec(secretKeyBytes, "AES");
        Arrays.fill(secretKeyBytes, (byte) 0);
        return new DerivedKeys(HexFormat.of().formatHex(masterKey.derive(FILE_PASSWORD, 32)),
                HexFormat.of().formatHex(masterKey.derive(USER_PASSWORD, 32)),
                new SecretCipher(secretKey), masterKey.derive(KEY_CHECK, 32));
    }

    /**
     * The JDBC password for an H2 database with {@code CIPHER=AES}: the file password, a space, the user password
     * (H2 "Encrypting the Database").
     */
    public char[] h2Password() {
        return (filePassword + " " + userPassword).toCharArray();
    }

    /** The cipher for secret fields. */
    public SecretCipher secretCipher() {
        return secretCipher;
    }

    /** A value stored with the data so that a wrong key is recognised: a one-way function of the master key. */
    public byte[] keyCheck() {
        return keyCheck.clone();
    }

    /** Never shows a key. */
    @Override
    public String toString() {
        return "DerivedKeys[******]";
    }
}
