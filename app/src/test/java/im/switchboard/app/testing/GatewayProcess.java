package im.switchboard.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway (or launcher command) running as a separate process, its output (stdout and stderr) captured in a
 * file. Waits use deadlines and fail with the output so far.
 *
 * @param process the process
 * @param log     the file that receives its output
 */
public record GatewayProcess(Process process, Path log) {

    /** How a process ended. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Start {@code command} with {@code SWITCHBOARD_*} variables of this JVM's environment removed and
     * {@code env} added, output to a new file in {@code workDir}.
     */
    public static GatewayProcess start(List<String> command, Map<String, String> env, Path workDir)
            throws IOException {
        Path log = Files.createTempFile(workDir, "gateway", ".log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        return new GatewayProcess(builder.start(), log);
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wait until the output contains {@code text}; fails if the process ends first. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("the process never printed '" + text + "':\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** Wait for the process to end (60 s at most). */
    public Result await() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not exit:\n" + output());
        }
        return new Result(process.exitValue(), output());
    }

    /** {@code kill -9}, and wait until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the process survived kill -9");
        }
    }
}
