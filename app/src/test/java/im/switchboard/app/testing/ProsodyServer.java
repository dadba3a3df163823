package im.switchboard.app.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Prosody 0.12 for one test class, on loopback only.
 *
 * <p>The server runs in the foreground ({@code prosody -F --config FILE}) as a child process of the test JVM,
 * with its configuration, data, pid file and log in a directory the test owns (a JUnit {@code @TempDir}). It
 * listens for clients (RFC 6120) and for external components (XEP-0114) on two ports of {@code 127.0.0.1}
 * and nowhere else. Prosody's own log goes to {@link #logFile()}; when {@link #start()} fails, its tail is in
 * the exception message.
 *
 * <p>The process started is the real server: {@code /usr/bin/prosody} is a Lua script whose
 * {@code #!/usr/bin/env lua5.4} line makes {@code env} exec the interpreter in place, so the child's pid is
 * Prosody's pid ({@link #start()} checks it against the pid file). {@link #kill()} therefore really is
 * {@code kill -9} on the server. A child that outlives the JVM shuts itself down within about a second (the
 * fixture's Prosody module watches its parent pid), and a JVM shutdown hook kills it on a normal exit.
 *
 * <p>Threading: all lifecycle methods may be called from any thread; they are serialised by one lock.
 */
public final class ProsodyServer implements AutoCloseable {

    /** Logged by the fixture's module when Prosody fires its {@code server-started} event. */
    static final String READY_MARKER = "switchboard-fixture: server started";

    /** The message {@link #start()} fails with when the binary is missing. */
    public static final String NOT_INSTALLED =
            "Prosody is not installed: run `apt-get install -y prosody` (or ./scripts/test.sh, which installs it)";

    private static final Logger LOG = LoggerFactory.getLogger(ProsodyServer.class);
    private static final String BIND_FAILURE = "Failed to open server port";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int LOG_TAIL_LINES = 60;
    private static final int FRESH_PORT_ATTEMPTS = 3;

    /** An external component the server accepts (XEP-0114): its domain and shared secret. */
    public record Component(String domain, String secret) {
        public Component {
            ProsodyConfig.requireHost(domain);
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Component[domain=" + domain + ", secret=***]";
        }
    }

    /** An account created before the first start. */
    public record User(String localpart, String host, String password) {
        public User {
            Objects.requireNonNull(localpart, "localpart");
            ProsodyConfig.requireHost(host);
            Objects.requireNonNull(password, "password");
        }

        /** The bare JID {@code localpart@host}. */
        public String jid() {
            return localpart + "@" + host;
        }

        @Override
        public String toString() {
            return "User[" + jid() + ", password=***]";
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Path workDir;
    private final Path binary;
    private final Path ctlBinary;
    private final String logLevel;
    private final Duration startTimeout;
    private final List<String> virtualHosts;
    private final List<Component> components;
    private final List<User> users;
    private final List<String> extraModules;
    private final Thread shutdownHook;

    private ProsodyConfig config;
    private Process process;
    private boolean hookInstalled;
    private boolean usersRegistered;

    private ProsodyServer(Builder builder) {
        this.workDir = builder.workDir.toAbsolutePath();
        this.binary = builder.binary;
        this.ctlBinary = builder.ctlBinary != null ? builder.ctlBinary : builder.binary.resolveSibling("prosodyctl");
        this.logLevel = builder.logLevel;
        this.startTimeout = builder.startTimeout;
        this.virtualHosts = List.copyOf(builder.virtualHosts);
        this.components = List.copyOf(builder.components);
        this.users = List.copyOf(builder.users);
        this.extraModules = List.copyOf(builder.extraModules);
        this.shutdownHook = Thread.ofPlatform().name("prosody-fixture-shutdown").unstarted(this::destroyOnJvmExit);
    }

    /** A builder whose server keeps everything under {@code workDir} (use a JUnit {@code @TempDir}). */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /**
     * Starts Prosody and returns once it has logged that it started, both listeners were activated on the
     * expected ports and both accept connections. On the first start the configuration is written and the
     * users are created; if a port turns out to be taken, fresh ports are tried.
     *
     * @throws IllegalStateException if Prosody is not installed, exits, or is not ready before the deadline
     */
    public void start() {
        lock.lock();
        try {
            if (isRunning()) {
                return;
            }
            requireInstalled();
            if (config != null) {
                launchAndAwaitReady();
                return;
            }
            for (int attempt = 1; ; attempt++) {
                config = new ProsodyConfig(workDir, logLevel, LoopbackPorts.freePort(), LoopbackPorts.freePort(),
                        virtualHosts, components, extraModules);
                if (config.c2sPort() == config.componentPort()) {
                    continue;
                }
                writeFiles();
                try {
                    launchAndAwaitReady();
                    return;
                } catch (PortTakenException e) {
                    if (attempt >= FRESH_PORT_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("A port was taken before Prosody could bind it; trying fresh ports");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops Prosody with SIGTERM (a clean shutdown) and waits for it to exit; SIGKILL if it does not. */
    public void stop() {
        lock.lock();
        try {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!waitFor(process, STOP_TIMEOUT)) {
                LOG.warn("Prosody did not stop within {}; killing it", STOP_TIMEOUT);
                process.destroyForcibly();
                waitFor(process, STOP_TIMEOUT);
            }
            LOG.info("Prosody stopped (exit code {})", process.exitValue());
            process = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kills Prosody with SIGKILL, like {@code kill -9}: no stream is closed, no presence is sent, sockets are
     * reset by the kernel. Returns once the process is gone.
     */
    public void kill() {
        lock.lock();
        try {
            if (process == null) {
                return;
            }
            process.destroyForcibly();
            if (!waitFor(process, STOP_TIMEOUT)) {
                throw new IllegalStateException("Prosody (pid " + process.pid() + ") survived SIGKILL");
            }
            LOG.info("Prosody killed (pid {})", process.pid());
            process = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts Prosody again on the same ports with the same data (accounts survive); stops it first if it is
     * running. The listening sockets are bound with {@code SO_REUSEADDR} (LuaSocket's {@code bind} sets it),
     * so connections left in TIME_WAIT by a kill do not block the ports.
     */
    public void restart() {
        lock.lock();
        try {
            if (config == null) {
                throw new IllegalStateException("restart() before the first start()");
            }
            stop();
            start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates an account with {@code prosodyctl register}; works before the first start and while running.
     */
    public void registerUser(String localpart, String host, String password) {
        User user = new User(localpart, host, password);
        lock.lock();
        try {
            if (config == null) {
                throw new IllegalStateException("registerUser() before the first start(); use Builder.user()");
            }
            register(user);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the server (SIGTERM) if it runs. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            stop();
            if (hookInstalled) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook will run and find nothing to do
                }
                hookInstalled = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the Prosody process is alive. */
    public boolean isRunning() {
        lock.lock();
        try {
            return process != null && process.isAlive();
        } finally {
            lock.unlock();
        }
    }

    /** The c2s port on 127.0.0.1. */
    public int c2sPort() {
        return started().c2sPort();
    }

    /**
     * The XEP-0114 component port on 127.0.0.1.
     *
     * @throws IllegalStateException if no component is configured (Prosody then opens no component port)
     */
    public int componentPort() {
        if (components.isEmpty()) {
            throw new IllegalStateException("no component configured, so Prosody has no component port");
        }
        return started().componentPort();
    }

    /** The server's main domain (the first virtual host, {@code localhost} unless changed). */
    public String domain() {
        return virtualHosts.getFirst();
    }

    /** All virtual hosts, the main domain first. */
    public List<String> virtualHosts() {
        return virtualHosts;
    }

    /** The configured external components. */
    public List<Component> components() {
        return components;
    }

    /** The shared secret of the component {@code domain}. */
    public String componentSecret(String domain) {
        return components.stream().filter(c -> c.domain().equals(domain)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + domain)).secret();
    }

    /** The pid of the running Prosody process. */
    public long pid() {
        lock.lock();
        try {
            if (process == null) {
                throw new IllegalStateException("Prosody is not running");
            }
            return process.pid();
        } finally {
            lock.unlock();
        }
    }

    /** The generated configuration file. */
    public Path configFile() {
        return started().configFile();
    }

    /** Prosody's log file (its console output, across restarts). */
    public Path logFile() {
        return workDir.resolve("prosody.log");
    }

    /** Prosody's log so far, for diagnostics; empty if it never started. */
    public String logText() {
        Path log = logFile();
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private ProsodyConfig started() {
        lock.lock();
        try {
            if (config == null) {
                throw new IllegalStateException("Prosody has not been started yet");
            }
            return config;
        } finally {
            lock.unlock();
        }
    }

    private void requireInstalled() {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(NOT_INSTALLED + " [" + binary + " not found]");
        }
        if (!users.isEmpty() && !Files.isExecutable(ctlBinary)) {
            throw new IllegalStateException(NOT_INSTALLED + " [" + ctlBinary + " not found]");
        }
    }

    private void writeFiles() {
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.pluginDir());
            // An existing (empty) directory keeps certmanager from logging an error at every start.
            Files.createDirectories(config.certsDir());
            Files.writeString(config.pluginDir().resolve("mod_" + ProsodyConfig.FIXTURE_MODULE + ".lua"),
                    ProsodyConfig.fixtureModule());
            Files.writeString(config.configFile(), config.render());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Prosody's files under " + workDir, e);
        }
        if (!usersRegistered) {
            for (User user : users) {
                register(user);
            }
            usersRegistered = true;
        }
    }

    /** {@code prosodyctl --config FILE register USER HOST PASSWORD}: offline, a few milliseconds. */
    private void register(User user) {
        List<String> command = List.of(ctlBinary.toString(), "--config", config.configFile().toString(),
                "register", user.localpart(), user.host(), user.password());
        Path output = workDir.resolve("prosodyctl.out");
        try {
            Process ctl = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .start();
            if (!waitFor(ctl, Duration.ofSeconds(30))) {
                ctl.destroyForcibly();
                throw new IllegalStateException("prosodyctl register " + user.jid() + " did not finish");
            }
            if (ctl.exitValue() != 0) {
                throw new IllegalStateException("prosodyctl register " + user.jid() + " failed (exit "
                        + ctl.exitValue() + "):\n" + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + ctlBinary, e);
        }
    }

    private static File devNull() {
        return new File("/dev/null");
    }

    private void launchAndAwaitReady() {
        long logOffset = sizeOf(logFile());
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-F", "--config",
                config.configFile().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(devNull()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(NOT_INSTALLED + " [cannot run " + binary + ": " + e.getMessage() + "]",
                    e);
        }
        installShutdownHook();
        try {
            awaitReady(logOffset);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
            process = null;
            throw e;
        }
        LOG.info("Prosody {} ready: pid {}, c2s 127.0.0.1:{}, component 127.0.0.1:{} ({})", virtualHosts,
                process.pid(), config.c2sPort(), config.componentPort(), components.isEmpty() ? "unused" : "open");
    }

    private void awaitReady(long logOffset) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        String c2sUp = activated("c2s", config.c2sPort());
        String componentUp = activated("component", config.componentPort());
        while (true) {
            String log = logSince(logOffset);
            if (log.contains(BIND_FAILURE)) {
                throw new PortTakenException(failure("could not bind its ports", logOffset));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(failure("exited with code " + process.exitValue(), logOffset));
            }
            // Prosody opens the component port only when at least one Component is configured.
            boolean componentReady = components.isEmpty()
                    || log.contains(componentUp) && accepts(config.componentPort());
            if (log.contains(READY_MARKER) && log.contains(c2sUp) && accepts(config.c2sPort()) && componentReady) {
                requirePidFileMatches(logOffset);
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(failure("was not ready within " + startTimeout, logOffset));
            }
            waitFor(process, POLL);
        }
    }

    /** The pid file is written by Prosody itself: equal pids prove we hold the server, not a wrapper. */
    private void requirePidFileMatches(long logOffset) {
        Optional<Long> written = readPid();
        if (written.isEmpty() || written.get() != process.pid()) {
            throw new IllegalStateException(failure("wrote pid " + written.map(String::valueOf).orElse("nothing")
                    + " to " + config.pidFile() + " but the child process is " + process.pid(), logOffset));
        }
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(config.pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String activated(String service, int port) {
        return "Activated service '" + service + "' on [127.0.0.1]:" + port;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPorts.loopback(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String failure(String what, long logOffset) {
        return "Prosody " + what + " (config " + config.configFile() + ", c2s port " + config.c2sPort()
                + ", component port " + config.componentPort() + "). Last lines of its log:\n"
                + tail(logSince(logOffset));
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return tail.isEmpty() ? "(empty)" : String.join("\n", tail);
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.exists(logFile()) ? Files.readAllBytes(logFile()) : new byte[0];
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Prosody", e);
        }
    }

    private void installShutdownHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookInstalled = true;
        }
    }

    /** Runs at JVM exit; must not take the lock (a test thread may hold it while the JVM dies). */
    private void destroyOnJvmExit() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
        }
    }

    /** Prosody logged that it could not bind one of its ports. */
    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    /** Configures a {@link ProsodyServer}. */
    public static final class Builder {
        private final Path workDir;
        private final List<String> virtualHosts = new ArrayList<>(List.of("localhost"));
        private final List<Component> components = new ArrayList<>();
        private final List<User> users = new ArrayList<>();
        private final List<String> extraModules = new ArrayList<>();
        private Path binary = Path.of("/usr/bin/prosody");
        private Path ctlBinary;
        private String logLevel = "debug";
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** Replaces the main domain ({@code localhost} by default). */
        public Builder domain(String host) {
            ProsodyConfig.requireHost(host);
            virtualHosts.set(0, host);
            return this;
        }

        /** Adds a further virtual host, e.g. {@code other.localhost} for users of a domain the gateway refuses. */
        public Builder virtualHost(String host) {
            ProsodyConfig.requireHost(host);
            if (!virtualHosts.contains(host)) {
                virtualHosts.add(host);
            }
            return this;
        }

        /** Accepts an external component (XEP-0114) for {@code domain} with the shared {@code secret}. */
        public Builder component(String domain, String secret) {
            components.add(new Component(domain, secret));
            return this;
        }

        /** Creates the account {@code localpart@host} before the first start. */
        public Builder user(String localpart, String host, String password) {
            users.add(new User(localpart, host, password));
            return this;
        }

        /** Creates the account {@code localpart@localhost} (the main domain at build time). */
        public Builder user(String localpart, String password) {
            return user(localpart, virtualHosts.getFirst(), password);
        }

        /** Loads a further Prosody module on every host (e.g. {@code carbons}, {@code smacks}). */
        public Builder module(String name) {
            extraModules.add(name);
            return this;
        }

        /** The {@code prosody} executable ({@code /usr/bin/prosody} by default). */
        public Builder prosodyBinary(Path path) {
            this.binary = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The {@code prosodyctl} executable (by default next to the {@code prosody} binary). */
        public Builder prosodyctlBinary(Path path) {
            this.ctlBinary = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Prosody's minimum log level: {@code debug} (default), {@code info}, {@code warn} or {@code error}. */
        public Builder logLevel(String level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** How long {@link ProsodyServer#start()} waits for readiness (30 s by default). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Builds the server, not started. */
        public ProsodyServer build() {
            for (User user : users) {
                if (!virtualHosts.contains(user.host())) {
                    throw new IllegalArgumentException("user " + user.jid() + " is on no virtual host");
                }
            }
            return new ProsodyServer(this);
        }
    }
}
