package im.switchboard.benchmark.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoadIrcServer} in a child JVM (so that its CPU and memory are not the measured process's), driven
 * over its stdin/stdout control protocol.
 */
public final class LoadIrcServerProcess implements IrcServerUnderTest {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int port;

    private LoadIrcServerProcess(Process process, BufferedReader out, Writer in, int port) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.port = port;
    }

    /** Starts the child with the given LoadIrcServer arguments and waits for its port. */
    public static LoadIrcServerProcess start(String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), LoadIrcServer.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String first = out.readLine();
        if (first == null || !first.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException("load IRC server did not start: " + first);
        }
        return new LoadIrcServerProcess(process, out, in, Integer.parseInt(first.substring(5).trim()));
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String status() throws IOException {
        return ask("STATUS");
    }

    /** Sends one control command and returns the one-line answer. */
    public String ask(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("load IRC server exited");
        }
        return line;
    }

    /** Reads the next line the child prints (for commands with two answers, such as EXPECT). */
    public String next() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("load IRC server exited");
        }
        return line;
    }

    /** A {@code key=value} field of a control answer, as a number. */
    public static long field(String line, String key) {
        int at = line.indexOf(key + "=");
        if (at < 0) {
            throw new IllegalArgumentException("no " + key + " in: " + line);
        }
        int from = at + key.length() + 1;
        int to = from;
        while (to < line.length() && Character.isDigit(line.charAt(to))) {
            to++;
        }
        return Long.parseLong(line.substring(from, to));
    }

    @Override
    public void close() {
        try {
            in.write("QUIT\n");
            in.flush();
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
