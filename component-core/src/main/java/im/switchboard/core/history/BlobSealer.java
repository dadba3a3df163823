package im.switchboard.core.history;

import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the history file's rows with the JDK's AES-256-GCM (NIST SP 800-38D; the JCE's implementation uses the
 * CPU's AES instructions, unlike H2's {@code CIPHER=AES}, which was two thirds of the writer's CPU): a fresh
 * random 12-byte nonce per blob, the row's key as additional authenticated data, so a blob moved to another row
 * does not open (THREATS G2). Rows are found by keyed hashes (HMAC-SHA256, truncated to 64 bits) of the user and
 * of (user, room), never by the identifiers in the clear. Every key is derived from the master key (HKDF, through
 * {@link DerivedKeys#h2PasswordFor}) under labels of its own, distinct from the credential store's and from the
 * old file cipher's. Thread-safe: a {@link Cipher} and a {@link Mac} per call.
 */
final class BlobSealer {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Bytes per {@link Cipher#update} when sealing (see {@link #seal}). */
    static final int SEAL_SLICE = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey sealKey;
    private final SecretKey indexKey;
    private final byte[] keyCheck;

    private BlobSealer(SecretKey sealKey, SecretKey indexKey, byte[] keyCheck) {
        this.sealKey = sealKey;
        this.indexKey = indexKey;
        this.keyCheck = keyCheck;
    }

    static BlobSealer of(MasterKey key) {
        byte[] seal = derive(key, "room-history-seal");
        byte[] index = derive(key, "room-history-index");
        try {
            return new BlobSealer(new SecretKeySpec(seal, "AES"), new SecretKeySpec(index, "HmacSHA256"),
                    derive(key, "room-history-check"));
        } finally {
            Arrays.fill(seal, (byte) 0);
            Arrays.fill(index, (byte) 0);
        }
    }

    /** 32 bytes of HKDF output under {@code switchboard/<purpose>/v1/...}: the first half of the derived pair. */
    private static byte[] derive(MasterKey key, String purpose) {
        char[] pair = DerivedKeys.h2PasswordFor(key, purpose);
        try {
            return HexFormat.of().parseHex(new String(pair, 0, 64));
        } finally {
            Arrays.fill(pair, '\0');
        }
    }

    /** A one-way function of the master key, stored in the file so that another key is refused. */
    byte[] keyCheck() {
        return keyCheck.clone();
    }

    /** Nonce, then ciphertext and tag. */
    byte[] seal(byte[] plain, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            // In slices: the JDK's AES-GCM runs on the CPU's vector instructions only once the JIT has compiled
            // its per-call path, and a writer that seals one large blob per batch calls it too rarely for that:
            // measured here, 1 MB blobs sealed whole stayed at 50-70 MB/s (the interpreter's GHASH) for 200 blobs,
            // sealed in 4 KiB updates they reached 1-4 GB/s within 40. The ciphertext is the same either way.
            int written = NONCE_BYTES;
            int offset = 0;
            while (plain.length - offset > SEAL_SLICE) {
                written += cipher.update(plain, offset, SEAL_SLICE, out, written);
                offset += SEAL_SLICE;
            }
            written += cipher.doFinal(plain, offset, plain.length - offset, out, written);
            return written == out.length ? out : Arrays.copyOf(out, written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @throws IllegalArgumentException if the blob was altered, moved to another row or sealed with another key */
    byte[] open(byte[] sealed, byte[] aad) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("a sealed history blob is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("a history blob does not authenticate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The row key of a chunk: its id and its room's hash, as the blob's additional data. */
    static byte[] aad(long id, long roomKey) {
        return ByteBuffer.allocate(16).putLong(id).putLong(roomKey).array();
    }

    /** The index key of a user: a keyed hash, so the file does not reveal who is in it. */
    long userKey(String user) {
        return hash("u", user, "");
    }

    /** The index key of (user, room). */
    long roomKey(String user, String room) {
        return hash("r", user, room);
    }

    private long hash(String kind, String user, String room) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(indexKey);
            // Length-prefixed, so ("a/b", "c") and ("a", "b/c") never hash alike.
            byte[] u = user.getBytes(StandardCharsets.UTF_8);
            byte[] r = room.getBytes(StandardCharsets.UTF_8);
            mac.update(kind.getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(4).putInt(u.length).array());
            mac.update(u);
            mac.update(r);
            return ByteBuffer.wrap(mac.doFinal()).getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
