package im.switchboard.app;

import ch.qos.logback.classic.LoggerContext;
import im.switchboard.config.Config;
import im.switchboard.config.ConfigException;
import im.switchboard.config.ConfigLoader;
import im.switchboard.core.history.H2RoomHistory;
import im.switchboard.core.history.HistoryConfig;
import im.switchboard.core.history.HistorySettings;
import im.switchboard.core.history.HistoryStoreException;
import im.switchboard.core.history.NoRoomHistory;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.link.LinkStartException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.crypto.MasterKey;
import im.switchboard.registration.crypto.MasterKeyException;
import im.switchboard.registration.store.CredentialDatabase;
import im.switchboard.registration.store.CredentialStoreException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code switchboard run|check-config [--config FILE]}, {@code switchboard version}.
 * Without {@code --config}, the file named by {@code SWITCHBOARD_CONFIG} is used.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** The room history's file, beside the credential database (its own file and key, issue 4). */
    static final String HISTORY_FILE = "history.mv.db";

    private static final String USAGE = """
            usage: switchboard run [--config FILE]           attach to the XMPP server and serve
                   switchboard check-config [--config FILE]  validate the configuration and exit
                   switchboard keygen KEYFILE                write a new master key (mode 0600)
                   switchboard rotate-key [--config FILE] --new-key-file KEYFILE
                                                             re-encrypt the credential store under a new key
                   switchboard version                       print the version
            Without --config, $SWITCHBOARD_CONFIG names the file. Exit codes: docs/operations.md.""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        ExitCode code = new Main(System.out, System.err, System.getenv()).execute(List.of(args));
        if (code != ExitCode.OK) {
            flushLogs();
            System.exit(code.code());
        }
    }

    /** Runs the command; returns when it is done ({@code run} returns only on a start-up failure). */
    ExitCode execute(List<String> args) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return ExitCode.USAGE;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "version", "--version" -> {
                out.println("Switchboard " + Version.current());
                yield ExitCode.OK;
            }
            case "help", "--help", "-h" -> {
                out.println(USAGE);
                yield ExitCode.OK;
            }
            case "check-config" -> withConfig(rest, this::checkConfig);
            case "run" -> withConfig(rest, this::run);
            case "keygen" -> keygen(rest);
            case "rotate-key" -> rotateKey(rest);
            default -> {
                err.println("switchboard: unknown command '" + command + "'\n" + USAGE);
                yield ExitCode.USAGE;
            }
        };
    }

    private interface ConfigCommand {
        ExitCode apply(Path file, Config config);
    }

    private ExitCode withConfig(List<String> args, ConfigCommand command) {
        Path file = null;
        if (args.size() == 2 && args.get(0).equals("--config")) {
            file = Path.of(args.get(1));
        } else if (args.isEmpty() && env.get("SWITCHBOARD_CONFIG") != null) {
            file = Path.of(env.get("SWITCHBOARD_CONFIG"));
        }
        return withConfigFile(file, command);
    }

    private ExitCode withConfigFile(Path file, ConfigCommand command) {
        if (file == null) {
            err.println("switchboard: name the configuration file with --config FILE (or SWITCHBOARD_CONFIG)\n"
                    + USAGE);
            return ExitCode.USAGE;
        }
        Config config;
        try {
            config = ConfigLoader.load(file, SwitchboardSchema.SCHEMA, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        }
        return command.apply(file, config);
    }

    private ExitCode checkConfig(Path file, Config config) {
        try (Gateway planned = Gateway.plan(config, Version.current(), domain -> new InMemoryRegistrationStore())) {
            StoreConfig.masterKey(config);
            out.println("Configuration " + file + " is valid:");
            out.println(config.describe());
            return ExitCode.OK;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        } catch (MasterKeyException e) {
            err.println("switchboard: " + e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        }
    }

    private ExitCode keygen(List<String> args) {
        if (args.size() != 1) {
            err.println("switchboard: keygen takes the key file to write\n" + USAGE);
            return ExitCode.USAGE;
        }
        Path keyFile = Path.of(args.getFirst());
        try {
            MasterKey.generate().writeTo(keyFile);
        } catch (MasterKeyException e) {
            err.println("switchboard: " + e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        }
        out.println("Wrote a new master key to " + keyFile + " (mode 0600). Keep it outside the database's directory"
                + " and back it up apart from the database: without it the credential store cannot be read.");
        return ExitCode.OK;
    }

    private ExitCode rotateKey(List<String> args) {
        Path configFile = env.get("SWITCHBOARD_CONFIG") == null ? null : Path.of(env.get("SWITCHBOARD_CONFIG"));
        Path newKeyFile = null;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--config" -> configFile = Path.of(args.get(i + 1));
                case "--new-key-file" -> newKeyFile = Path.of(args.get(i + 1));
                default -> newKeyFile = null;
            }
        }
        if (args.size() % 2 != 0 || newKeyFile == null) {
            err.println("switchboard: rotate-key needs --new-key-file KEYFILE (written by 'switchboard keygen')\n"
                    + USAGE);
            return ExitCode.USAGE;
        }
        Path newKey = newKeyFile;
        return withConfigFile(configFile, (file, config) -> {
            try {
                MasterKey oldKey = StoreConfig.masterKey(config);
                CredentialDatabase.rotateKey(config.get(StoreConfig.DATABASE), oldKey, MasterKey.readFrom(newKey));
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return ExitCode.INVALID_CONFIGURATION;
            } catch (MasterKeyException | CredentialStoreException e) {
                err.println("switchboard: " + e.getMessage());
                return ExitCode.STORE_UNAVAILABLE;
            }
            out.println("The credential store " + config.get(StoreConfig.DATABASE) + " is now encrypted under "
                    + newKey + ". Point store.master-key-file (or SWITCHBOARD_STORE_MASTER_KEY) to the new key"
                    + " before the next start; the old key no longer opens it.");
            // The room history's key derives from the master key too; it is not worth re-encrypting (a cache of
            // recent messages), and a file the new key cannot open would stop the next start.
            Path history = historyFile(config.get(StoreConfig.DATABASE));
            if (H2RoomHistory.deleteFiles(history)) {
                out.println("The room history " + history + " was encrypted under the old key and is deleted.");
            }
            return ExitCode.OK;
        });
    }

    private ExitCode run(Path file, Config config) {
        CredentialDatabase database;
        RoomHistory history;
        try {
            MasterKey key = StoreConfig.masterKey(config);
            database = CredentialDatabase.open(config.get(StoreConfig.DATABASE), key);
            try {
                history = openHistory(config, database, key);
            } catch (HistoryStoreException e) {
                database.close();
                throw e;
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        } catch (MasterKeyException | CredentialStoreException | HistoryStoreException e) {
            LOG.error("{}", e.getMessage());
            err.println("switchboard: " + e.getMessage());
            return ExitCode.STORE_UNAVAILABLE;
        }
        ExitCode code = run(file, config, database, history);
        history.close();
        database.close();
        return code;
    }

    /** The room history: an encrypted file beside the credential database, under a key of its own. */
    private static RoomHistory openHistory(Config config, CredentialDatabase database, MasterKey key) {
        HistorySettings settings = HistoryConfig.settings(config);
        if (!settings.enabled()) {
            return NoRoomHistory.INSTANCE;
        }
        return H2RoomHistory.open(historyFile(database.databaseFile()), key, settings);
    }

    /** {@value #HISTORY_FILE} beside the credential database (another name if that is the database's). */
    static Path historyFile(Path databaseFile) {
        Path db = databaseFile.toAbsolutePath().normalize();
        String name = db.getFileName().toString().equals(HISTORY_FILE) ? "room-" + HISTORY_FILE : HISTORY_FILE;
        return db.resolveSibling(name);
    }

    private ExitCode run(Path file, Config config, CredentialDatabase database, RoomHistory history) {
        Gateway gateway;
        try {
            gateway = Gateway.plan(config, Version.current(), database::forDomain, history);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        }
        LOG.info("Switchboard {} starting with {}", Version.current(), file);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean();
        Thread hook = new Thread(() -> shutdown(gateway, history, database, running.get(), stopped), "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ExitCode failure = start(gateway);
        if (failure != ExitCode.OK) {
            Runtime.getRuntime().removeShutdownHook(hook);
            gateway.close();
            return failure;
        }
        running.set(true);
        LOG.info("Switchboard is running; SIGTERM or Ctrl-C stops it gracefully");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    private ExitCode start(Gateway gateway) {
        try {
            gateway.start();
            return ExitCode.OK;
        } catch (LinkStartException e) {
            LOG.error("{}", e.getMessage());
            err.println("switchboard: " + e.getMessage());
            return e.configurationError() ? ExitCode.CANNOT_ATTACH : ExitCode.SERVER_UNREACHABLE;
        } catch (LegacyException e) {
            LOG.error("a bridge failed to start: {}", e.getMessage());
            err.println("switchboard: a bridge failed to start: " + e.getMessage());
            return ExitCode.BRIDGE_FAILED;
        } catch (RuntimeException e) {
            LOG.error("start-up failed", e);
            err.println("switchboard: start-up failed: " + e);
            return ExitCode.INTERNAL_ERROR;
        }
    }

    /**
     * The JVM's shutdown hook (SIGTERM, SIGINT): close everything gracefully (THREATS C2). Once the gateway was
     * running, a stop by signal is a normal end, so the process then ends with status 0 (the JVM would report
     * 143 for SIGTERM); a signal during start-up keeps the JVM's own status.
     */
    private static void shutdown(Gateway gateway, RoomHistory history, CredentialDatabase database,
            boolean wasRunning, CountDownLatch stopped) {
        LOG.info("shutting down");
        try {
            gateway.close();
            history.close();
            database.close();
            LOG.info("stopped");
        } finally {
            stopped.countDown();
            if (wasRunning) {
                flushLogs();
                Runtime.getRuntime().halt(ExitCode.OK.code());
            }
        }
    }

    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
