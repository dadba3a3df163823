-- Version 1 of the credential store schema.
-- H2 commits DDL at once, so every statement is idempotent (IF NOT EXISTS): a migration interrupted by a crash
-- runs again at the next open, and schema_version records it only after its last statement.

-- Facts about the database itself; 'key_check' recognises a wrong master key (THREATS G2).
CREATE TABLE IF NOT EXISTS meta (
    name VARCHAR(64) PRIMARY KEY,
    val VARBINARY(1024) NOT NULL
);

-- One row per registered user per component domain; the user is the normalised bare JID (THREATS G8).
CREATE TABLE IF NOT EXISTS registration (
    domain VARCHAR(1023) NOT NULL,
    jid VARCHAR(3071) NOT NULL,
    PRIMARY KEY (domain, jid)
);

-- The user's fields: non-secret ones in clear (inside the encrypted file), secret ones sealed with AES-256-GCM.
CREATE TABLE IF NOT EXISTS registration_field (
    domain VARCHAR(1023) NOT NULL,
    jid VARCHAR(3071) NOT NULL,
    name VARCHAR(64) NOT NULL,
    text_value CHARACTER VARYING,
    sealed_value VARBINARY(1048576),
    PRIMARY KEY (domain, jid, name),
    FOREIGN KEY (domain, jid) REFERENCES registration (domain, jid) ON DELETE CASCADE,
    CHECK ((text_value IS NULL) <> (sealed_value IS NULL))
);
