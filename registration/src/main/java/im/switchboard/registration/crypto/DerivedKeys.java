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

    /**
     * The JDBC password (file password, a space, user password) of another encrypted H2 database of the gateway,
     * for example the room history: its keys are derived from the same master key under labels of its own
     * ({@code switchboard/<purpose>/v1/...}), so neither database's password reveals the other's.
     *
     * @param purpose a short fixed name such as {@code room-history}, never user input
     * @return a fresh array that the caller should wipe
     */
    public static char[] h2PasswordFor(MasterKey masterKey, String purpose) {
        if (!purpose.matches("[a-z][a-z0-9-]{0,40}") || "credential-store".equals(purpose)) {
            throw new IllegalArgumentException("not a database purpose: " + purpose);
        }
        String prefix = "switchboard/" + purpose + "/v1/";
        byte[] file = masterKey.derive(prefix + "h2-file-password", 32);
        byte[] user = masterKey.derive(prefix + "h2-user-password", 32);
        try {
            return (HexFormat.of().formatHex(file) + " " + HexFormat.of().formatHex(user)).toCharArray();
        } finally {
            Arrays.fill(file, (byte) 0);
            Arrays.fill(user, (byte) 0);
        }
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
