package im.switchboard.irc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process of a fixture (an IRC daemon or the services), run in the foreground with its output
 * appended to a log file. Every live process is killed by a JVM shutdown hook; and since a JVM killed with
 * SIGKILL runs no hook, a watchdog ({@code sh} waiting for the end of a pipe from this JVM) kills the daemon
 * when the JVM is gone, so a test run that dies leaves no daemon behind on its ports.
 */
final class ManagedProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
    private static final long STOP_GRACE_SECONDS = 10;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "irc-fixture-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Path logFile;
    private final ReentrantLock lock = new ReentrantLock();
    private Process process;
    private Process watchdog;

    ManagedProcess(String name, List<String> command, Path workDir, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.logFile = logFile;
    }

    Path logFile() {
        return logFile;
    }

    /** Starts the process unless it runs already. */
    void start() {
        lock.lock();
        try {
            if (process != null && process.isAlive()) {
                return;
            }
            if (process != null) {
                forget();
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            process = builder.start();
            LIVE.add(process);
            // The kernel closes the pipe when this JVM ends, however it ends: cat returns, sh kills the daemon.
            watchdog = new ProcessBuilder("/bin/sh", "-c", "cat > /dev/null; kill -KILL " + process.pid()
                    + " 2>/dev/null").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            LOG.debug("{} started, pid {}: {}", name, process.pid(), command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " " + command, e);
        } finally {
            lock.unlock();
        }
    }

    boolean isAlive() {
        lock.lock();
        try {
            return process != null && process.isAlive();
        } finally {
            lock.unlock();
        }
    }

    /** The exit code if the process has ended, or -1. */
    int exitCode() {
        lock.lock();
        try {
            return process == null || process.isAlive() ? -1 : process.exitValue();
        } finally {
            lock.unlock();
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within the grace period. */
    void stop() {
        lock.lock();
        try {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within {} s: killing it", name, STOP_GRACE_SECONDS);
                process.destroyForcibly().waitFor();
            }
            forget();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        lock.lock();
        try {
            if (process == null) {
                return;
            }
            process.destroyForcibly().waitFor();
            forget();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void forget() {
        // The watchdog's shell first, then its pipe: cat ends on end of file and nobody is left to kill a pid
        // the kernel may give to another process.
        if (watchdog != null) {
            watchdog.destroyForcibly();
            try {
                watchdog.getOutputStream().close();
            } catch (IOException e) {
                // The pipe is gone already: cat has ended.
                LOG.trace("watchdog pipe already closed", e);
            }
            watchdog = null;
        }
        LIVE.remove(process);
        LOG.debug("{} ended with exit code {}", name, process.exitValue());
        process = null;
    }
}
