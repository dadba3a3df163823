/**
 * The encrypted credential store: one H2 file database for every component domain (THREATS G2, G4-G8).
 *
 * <p>{@link im.switchboard.registration.store.CredentialDatabase} opens (or, if no file of its name exists,
 * creates) {@code <dir>/<name>.mv.db} with H2 file encryption ({@code CIPHER=AES}), checks the master key
 * against a stored key check value, applies the versioned schema migrations ({@code migration/V<n>__*.sql}) and
 * loads every registration, decrypting each secret once to prove it sound. It then hands out one
 * {@link im.switchboard.registration.RegistrationStore} per component domain, which answers from memory and
 * writes through. Secret fields are additionally sealed one by one with AES-256-GCM
 * ({@link im.switchboard.registration.crypto.SecretCipher}).
 *
 * <h2>What another implementation (PostgreSQL, ...) must guarantee</h2>
 * <ul>
 *   <li>Secrets only ever sealed by {@code SecretCipher}, with the same associated data (domain, JID, field), so
 *       a row copied elsewhere does not decrypt; the database's own encryption at rest is a second layer.</li>
 *   <li>A key check value stored with the data and compared at start; any failure to open, authenticate,
 *       decrypt or read fails closed with a {@link im.switchboard.registration.store.CredentialStoreException}
 *       and never creates or empties a database (G7).</li>
 *   <li>{@code save} replaces all rows of one (domain, JID) in one transaction; {@code remove} deletes them in
 *       one transaction (G5, G6); memory is updated only after the commit.</li>
 *   <li>{@code find} and {@code all} answered without a network round trip: the core calls {@code find} on its
 *       XMPP reader thread for every stanza.</li>
 *   <li>Connection settings from the configuration only, never from user input; no credentials in logs (G3, G4).</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * {@code CredentialDatabase} and its stores are thread-safe: reads are lock-free, writes are serialised.
 */
package im.switchboard.registration.store;
