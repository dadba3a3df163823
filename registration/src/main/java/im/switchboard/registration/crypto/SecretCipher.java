package im.switchboard.registration.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals one secret field with AES-256-GCM (NIST SP 800-38D).
 *
 * <p>Each value gets a fresh random 96-bit nonce (SP 800-38D section 8.2.2: random nonces are safe far beyond
 * the number of secrets a gateway stores). The associated data binds the ciphertext to its place: the component
 * domain, the user's bare JID and the field name, each length-prefixed so that no two places share an encoding.
 * A ciphertext moved to another user, field or domain fails authentication.
 *
 * <p>Sealed form: version byte {@code 1}, the 12-byte nonce, the ciphertext with its 128-bit tag.
 * Thread-safe: each call uses its own {@link Cipher}.
 */
public final class SecretCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] AAD_LABEL = "switchboard-secret-field-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    SecretCipher(SecretKey key) {
        this.key = key;
    }

    /**
     * Encrypts a secret for one place.
     *
     * @param domain the component domain
     * @param user   the user's normalised bare JID
     * @param field  the field name
     * @param value  the secret
     * @return the sealed value
     */
    public byte[] seal(String domain, String user, String field, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(domain, user, field));
            byte[] sealed = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plain.length)];
            sealed[0] = VERSION;
            System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
            cipher.doFinal(plain, 0, plain.length, sealed, 1 + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this JVM or refused a 256-bit key", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts a sealed secret for the place it claims to belong to.
     *
     * @throws GeneralSecurityException if it was sealed for another place or key, or was altered
     */
    public String open(String domain, String user, String field, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new GeneralSecurityException("not a sealed secret of version " + VERSION);
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
        cipher.updateAAD(associatedData(domain, user, field));
        byte[] plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        try {
            return new String(plain, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] associatedData(String domain, String user, String field) {
        byte[][] parts = {AAD_LABEL, domain.getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8),
            field.getBytes(StandardCharsets.UTF_8)};
        int length = 0;
        for (byte[] part : parts) {
            length += 4 + part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "SecretCipher[******]";
    }
}
