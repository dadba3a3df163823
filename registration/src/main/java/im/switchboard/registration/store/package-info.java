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
 * <h2>Keys</h2>
 * From the 32-byte master key, HKDF-SHA256 (RFC 5869, zero salt) derives with distinct labels
 * ({@code switchboard/credential-store/v1/...}): {@code h2-file-password} (H2 {@code CIPHER=AES}, which
 * H2 turns into an XTS-AES file key), {@code h2-user-password} (the H2 user {@code switchboard}),
 * {@code secret-fields} (the AES-256-GCM key) and {@code key-check} (stored in {@code meta.key_check} and compared
 * in constant time at open, so a wrong key is named as such even if H2 accepted the file).
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>{@code <dir>/<name>.mv.db}: the database, mode 0600; {@code <dir>} is created with mode 0700 if missing.
 *       An existing directory keeps its mode. H2 creates a new file with the process umask; its mode is set to
 *       0600 right after, before any registration is written.</li>
 *   <li>No {@code .trace.db} ({@code TRACE_LEVEL_FILE=0}), no lock file, no server ({@code AUTO_SERVER},
 *       TCP server and console are never started).</li>
 *   <li>During a key rotation only: {@code <name>.rotating.mv.db} (the new database being built) and
 *       {@code <name>.mv.db.before-rotation} (a second name of the old file, overwritten and deleted once the new
 *       one is in place). Opening the database removes both if a rotation was interrupted.</li>
 *   <li>Tables: {@code schema_version}, {@code meta}, {@code registration (domain, jid)},
 *       {@code registration_field (domain, jid, name, text_value | sealed_value)}.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * Every registration is loaded at open with its secrets still sealed; {@code find}/{@code all} decrypt on each
 * call (one AES-GCM operation per secret, microseconds). Plain passwords thus sit on the heap only while a caller
 * (a bridge session logging in) holds them, not for every registered user for the life of the process.
 *
 * <h2>Deletion (THREATS G6)</h2>
 * {@code remove} deletes the rows in one transaction. H2's MVStore is append-only, so the removed rows' old pages
 * stay in the file until they are overwritten or the file is compacted: they are still inside the file
 * encryption, and their secrets are still sealed, but both layers use the same master key, so per-record
 * encryption alone would not make them useless. {@code close()} therefore runs {@code SHUTDOWN COMPACT}, which
 * rewrites the file with live pages only; a test decrypts the file after a removal and finds no trace of the
 * removed user. Between a removal and the next close, the old pages may remain (key rotation also rewrites
 * everything).
 *
 * <h2>Disk full and I/O errors (THREATS G7)</h2>
 * A failed {@code save}/{@code remove} rolls back, leaves memory as it was and throws
 * {@link im.switchboard.registration.store.CredentialStoreException}; reads keep working from memory, so running
 * sessions continue. H2 may refuse further writes until a restart.
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
