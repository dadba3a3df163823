package im.switchboard.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string (a component secret, a password, an API key) that does not print itself.
 *
 * <p>{@link #toString()} always returns {@link #MASK}, whatever the value, so a secret that ends up in a log
 * line, an exception message or a {@link Config#describe()} shows only the mask (THREATS G3). Code that really
 * needs the value calls {@link #reveal()}, which is easy to find in review.
 *
 * <p>{@link #equals(Object)} compares in constant time, so comparing a received secret with the configured one
 * does not leak how many leading characters matched. {@link #hashCode()} is a constant for the same reason.
 * The class is deliberately not {@link java.io.Serializable}. Instances are immutable and thread-safe.
 */
public final class Secret {

    /** What every secret prints as. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @param value the secret, not null (it may be empty)
     * @return the secret
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /**
     * The secret value. Never log or print what this returns.
     *
     * @return the value
     */
    public String reveal() {
        return value;
    }

    /**
     * Whether the secret is the empty string.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Constant-time comparison of the UTF-8 bytes of both values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                        secret.value.getBytes(StandardCharsets.UTF_8));
    }

    /** A constant: a hash of the value would tell something about it. */
    @Override
    public int hashCode() {
        return 0x5ec7e7;
    }

    /** Always {@link #MASK}. */
    @Override
    public String toString() {
        return MASK;
    }
}
