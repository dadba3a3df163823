/**
 * The cryptography of the credential store: the master key and what is derived from it.
 *
 * <p>{@link im.switchboard.registration.crypto.MasterKey} is 32 random bytes kept outside the database directory,
 * in a key file (mode 0600) or an environment variable (THREATS G2). {@link
 * im.switchboard.registration.crypto.DerivedKeys} derives independent keys from it with HKDF-SHA256 (RFC 5869),
 * one label per use: the H2 file password, the H2 user password, the secret-field key and a key check value.
 * {@link im.switchboard.registration.crypto.SecretCipher} seals each secret field with AES-256-GCM (NIST SP
 * 800-38D) under a fresh random 96-bit nonce, authenticating the component domain, the user's JID and the field
 * name as associated data, so a ciphertext copied to another user or field does not decrypt.
 *
 * <h2>Threading</h2>
 * All types are immutable and thread-safe.
 */
package im.switchboard.registration.crypto;
