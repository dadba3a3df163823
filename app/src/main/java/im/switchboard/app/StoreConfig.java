package im.switchboard.app;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigException;
import im.switchboard.config.Secret;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;
import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code [store]} section: where registrations and legacy credentials are kept (an encrypted H2 file) and
 * where the master key comes from (a key file or an environment variable, never the database's directory).
 */
final class StoreConfig {

    static final Setting<Path> DATABASE = Setting.path("database")
            .required()
            .check(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".mv.db"),
                    "must name an H2 file ending in .mv.db")
            .description("The encrypted H2 database file, for example \"/var/lib/switchboard/credentials.mv.db\". "
                    + "Created at the first start if neither it nor any file of its name exists.")
            .build();
    static final Setting<Path> MASTER_KEY_FILE = Setting.path("master-key-file")
            .description("The master key file written by 'switchboard keygen' (mode 0600, outside the database's "
                    + "directory). Give this or master-key, not both.")
            .build();
    static final Setting<Secret> MASTER_KEY = Setting.secret("master-key")
            .description("The master key itself (base64), for deployments that pass secrets as environment "
                    + "variables: set SWITCHBOARD_STORE_MASTER_KEY rather than writing it here.")
            .build();

    static final Section SECTION = Section.of("store",
            "The credential store: registrations and legacy passwords, encrypted at rest (file and fields).",
            DATABASE, MASTER_KEY_FILE, MASTER_KEY);

    private StoreConfig() {
    }

    /**
     * The master key the configuration names.
     *
     * @throws ConfigException when neither or both sources are given (the key's problems are reported by
     *                         {@link MasterKey} with the file's name)
     */
    static MasterKey masterKey(Config config) {
        var file = config.find(MASTER_KEY_FILE);
        var key = config.find(MASTER_KEY);
        if (file.isPresent() == key.isPresent()) {
            throw new ConfigException("configuration", List.of(new ConfigException.Problem("store.master-key-file",
                    file.isPresent() ? "give the master key file or the master key, not both"
                            : "no master key: set store.master-key-file (see 'switchboard keygen') or "
                            + "SWITCHBOARD_STORE_MASTER_KEY")));
        }
        return file.map(MasterKey::readFrom).orElseGet(() -> MasterKey.fromEncoded(key.orElseThrow().reveal()));
    }
}
