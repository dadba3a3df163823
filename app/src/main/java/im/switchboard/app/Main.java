package im.switchboard.app;

import ch.qos.logback.classic.LoggerContext;
import im.switchboard.config.Config;
import im.switchboard.config.ConfigException;
import im.switchboard.config.ConfigLoader;
import im.switchboard.core.link.LinkStartException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.registration.InMemoryRegistrationStore;
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

    private static final String USAGE = """
            usage: switchboard run [--config FILE]           attach to the XMPP server and serve
                   switchboard check-config [--config FILE]  validate the configuration and exit
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
            out.println("Configuration " + file + " is valid:");
            out.println(config.describe());
            return ExitCode.OK;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        }
    }

    private ExitCode run(Path file, Config config) {
        Gateway gateway;
        try {
            // Registration arrives with the XEP-0077 store; until then registrations live in memory.
            gateway = Gateway.plan(config, Version.current(), domain -> new InMemoryRegistrationStore());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_CONFIGURATION;
        }
        LOG.info("Switchboard {} starting with {}", Version.current(), file);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean();
        Thread hook = new Thread(() -> shutdown(gateway, running.get(), stopped), "shutdown");
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
    private static void shutdown(Gateway gateway, boolean wasRunning, CountDownLatch stopped) {
        LOG.info("shutting down");
        try {
            gateway.close();
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
