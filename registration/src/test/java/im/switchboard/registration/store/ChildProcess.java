package im.switchboard.registration.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs {@link CrashChild} in its own JVM on this test's classpath, waits for its crash point, kills it -9. */
final class ChildProcess {

    private static final String EOF = "\u0000EOF";

    private ChildProcess() {
    }

    /** The {@code SAVED} numbers the child printed before it reached the crash point and was killed. */
    static List<Integer> runUntilCrashPoint(String point, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
            lines.add(EOF);
        });
        List<Integer> saved = new ArrayList<>();
        List<String> output = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try {
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.MILLISECONDS);
                if (line == null || line.equals(EOF)) {
                    throw new AssertionError("the child did not reach " + point + "; its output:\n"
                            + String.join("\n", output));
                }
                output.add(line);
                if (line.startsWith(CrashChild.SAVED_LINE)) {
                    saved.add(Integer.parseInt(line.substring(CrashChild.SAVED_LINE.length())));
                } else if (line.equals(CrashChild.CRASH_LINE + point)) {
                    return saved;
                }
            }
        } finally {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the child did not die");
            }
        }
    }
}
