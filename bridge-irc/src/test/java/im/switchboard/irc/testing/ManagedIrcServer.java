package im.switchboard.irc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An IRC daemon (and optionally its services, which stay up when the daemon is stopped or killed and link
 * again by themselves) behind {@link IrcServerProcess}.
 *
 * <p>Ready means: a client can connect to the plain port, register and receive {@code RPL_WELCOME} (001);
 * with services, also that {@code WHOIS NickServ} answers {@code RPL_WHOISUSER} (311), i.e. the services
 * server has linked and SASL is offered.
 */
final class ManagedIrcServer implements IrcServerProcess {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final String serverName;
    private final int plainPort;
    private final int tlsPort;
    private final ManagedProcess daemon;
    private final ManagedProcess services;
    /** The {@code PASS} the daemon wants from every client, or empty. */
    private final String password;
    private final ReentrantLock lock = new ReentrantLock();

    ManagedIrcServer(String serverName, int plainPort, int tlsPort, ManagedProcess daemon,
            ManagedProcess services) {
        this(serverName, plainPort, tlsPort, daemon, services, "");
    }

    ManagedIrcServer(String serverName, int plainPort, int tlsPort, ManagedProcess daemon,
            ManagedProcess services, String password) {
        this.password = password;
        this.serverName = serverName;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        this.daemon = daemon;
        this.services = services;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int plainPort() {
        return plainPort;
    }

    @Override
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public Path logFile() {
        return daemon.logFile();
    }

    /** The services' log file, or null without services. */
    Path servicesLogFile() {
        return services == null ? null : services.logFile();
    }

    @Override
    public void start() {
        lock.lock();
        try {
            daemon.start();
            awaitDaemon();
            if (services != null) {
                services.start();
                awaitServices();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            daemon.stop();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void kill() {
        lock.lock();
        try {
            daemon.kill();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            daemon.stop();
            if (services != null) {
                services.stop();
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitDaemon() {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            failIfEnded(daemon);
            // Port closed (daemon still binding) or registration not complete: try again until the deadline.
            try (RawIrcClient probe = password.isEmpty() ? RawIrcClient.connect(HOST, plainPort, probeNick())
                    : RawIrcClient.connect(HOST, plainPort, probeNick(), password)) {
                probe.send("QUIT :ready");
                return;
            } catch (UncheckedIOException | AssertionError e) {
                last = e;
                pause();
            }
        }
        throw failure("did not greet a client on " + HOST + ":" + plainPort + " within " + START_DEADLINE,
                last, daemon);
    }

    private void awaitServices() {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        try (RawIrcClient probe = RawIrcClient.connect(HOST, plainPort, probeNick())) {
            while (System.nanoTime() < deadline) {
                failIfEnded(services);
                probe.clearReceived();
                probe.send("WHOIS NickServ");
                String reply = probe.awaitLine(line -> RawIrcClient.hasCommand(line, "311")
                        || RawIrcClient.hasCommand(line, "401") || RawIrcClient.hasCommand(line, "318"),
                        PROBE_TIMEOUT);
                if (RawIrcClient.hasCommand(reply, "311")) {
                    probe.send("QUIT :ready");
                    return;
                }
                pause();
            }
        }
        throw failure("services did not link to " + serverName + " within " + START_DEADLINE, null, services);
    }

    private void failIfEnded(ManagedProcess process) {
        if (!process.isAlive()) {
            throw failure("exited with code " + process.exitCode() + " while starting", null, process);
        }
    }

    private IllegalStateException failure(String what, Throwable cause, ManagedProcess process) {
        return new IllegalStateException(process.logFile().getFileName() + ": " + what + "; log "
                + process.logFile() + ":\n" + tail(process.logFile()), cause);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** A short pause between readiness probes: polling with a deadline, not a fixed sleep. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the IRC server", e);
        }
    }

    private static String probeNick() {
        return "probe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }
}
