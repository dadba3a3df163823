package im.switchboard.registration.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credential store's master key: 32 random bytes from which every other key is derived (THREATS G2).
 *
 * <p>It lives outside the database directory: in a key file holding the key as base64 or hex text, readable by
 * its owner only (mode 0600), or in an environment variable whose value {@link #fromEncoded(String)} reads. The
 * key's {@link #toString()} never shows it; {@link #revealEncoded()} does, for {@code keygen} to print once.
 *
 * <p>Immutable and thread-safe.
 */
public final class MasterKey {

    /** Length of a master key, in bytes. */
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] key;
    private final Optional<Path> keyFile;

    private MasterKey(byte[] key, Optional<Path> keyFile) {
        this.key = key;
        this.keyFile = keyFile;
    }

    /** A new random key. */
    public static MasterKey generate() {
        byte[] key = new byte[LENGTH];
        RANDOM.nextBytes(key);
        return new MasterKey(key, Optional.empty());
    }

    /**
     * A key from its text form: 64 hex digits or the base64 of 32 bytes, surrounding white space ignored
     * (an environment variable's value, or a key file's content).
     *
     * @throws MasterKeyException if it is neither (the message does not repeat the value)
     */
    public static MasterKey fromEncoded(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        return new MasterKey(decode(encoded.strip()), Optional.empty());
    }

    private static byte[] decode(String text) {
        if (text.isEmpty()) {
            throw new MasterKeyException("the master key is empty");
        }
        if (HEX.matcher(text).matches()) {
            return HexFormat.of().parseHex(text);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException("the master key is neither 64 hex digits nor base64");
        }
        if (bytes.length != LENGTH) {
            Arrays.fill(bytes, (byte) 0);
            throw new MasterKeyException("the master key must be " + LENGTH + " bytes (base64 or 64 hex digits), not "
                    + bytes.length + " bytes");
        }
        return bytes;
    }

    /**
     * Reads a key file. Refuses one that group or others may read or write (POSIX file systems), that is not a
     * regular file, or whose content is not a key. {@code CredentialDatabase} also refuses a key file that lies
     * inside the database's directory, since the file alone must be useless (THREATS G2).
     *
     * @throws MasterKeyException with a message naming the file and the problem
     */
    public static MasterKey readFrom(Path keyFile) {
        Path file = keyFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new MasterKeyException("the master key file " + file + " does not exist or is not a regular file");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions;
            try {
                permissions = posix.readAttributes().permissions();
            } catch (IOException e) {
                throw new MasterKeyException("cannot read the permissions of the master key file " + file, e);
            }
            if (permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
                throw new MasterKeyException("the master key file " + file + " has mode "
                        + PosixFilePermissions.toString(permissions) + ": group or others may use it; run chmod 600 "
                        + file);
            }
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the master key file " + file + ": " + e.getMessage(), e);
        }
        try {
            return new MasterKey(decode(text.strip()), Optional.of(file));
        } catch (MasterKeyException e) {
            throw new MasterKeyException("the master key file " + file + " holds no valid key: " + e.getMessage());
        }
    }

    /**
     * Writes the key as base64 text to a new file with mode 0600 (on POSIX file systems), refusing to overwrite
     * an existing file, so a key cannot be lost by running {@code keygen} twice.
     *
     * @throws MasterKeyException if the file exists or cannot be written
     */
    public void writeTo(Path keyFile) {
        Path file = keyFile.toAbsolutePath().normalize();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MasterKeyException("the master key file " + file + " already exists; not overwriting it");
        }
        byte[] text = (revealEncoded() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            if (Files.getFileStore(file.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            throw new MasterKeyException("the master key file " + file + " already exists; not overwriting it", e);
        } catch (IOException e) {
            throw new MasterKeyException("cannot write the master key file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    /** The key as base64 text. Never log what this returns. */
    public String revealEncoded() {
        return Base64.getEncoder().encodeToString(key);
    }

    /** The file the key was read from, if it was read from a file. */
    public Optional<Path> keyFile() {
        return keyFile;
    }

    /**
     * HKDF-SHA256 (RFC 5869) with an all-zero salt: extract a pseudo-random key from the master key, then expand
     * it with the label as {@code info}. The master key is already uniformly random, so the salt adds nothing.
     */
    byte[] derive(String label, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(key);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            Arrays.fill(prk, (byte) 0);
            byte[] out = new byte[length];
            byte[] previous = new byte[0];
            byte[] info = label.getBytes(StandardCharsets.UTF_8);
            int done = 0;
            for (int counter = 1; done < length; counter++) {
                mac.update(previous);
                mac.update(info);
                mac.update((byte) counter);
                previous = mac.doFinal();
                int n = Math.min(previous.length, length - done);
                System.arraycopy(previous, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison of the key bytes (where the key came from does not matter). */
    @Override
    public boolean equals(Object other) {
        return other instanceof MasterKey that && MessageDigest.isEqual(key, that.key);
    }

    /** A constant: a hash of the key would tell something about it. */
    @Override
    public int hashCode() {
        return 0x3a57e2;
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "MasterKey[******" + keyFile.map(f -> " from " + f).orElse("") + "]";
    }
}
