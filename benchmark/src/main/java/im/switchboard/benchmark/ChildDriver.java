package im.switchboard.benchmark;

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
 * A load driver in a child JVM, so that its CPU and memory are not the measured process's, spoken to over a
 * line protocol: it prints {@code PORT n} first (the loopback port it listens on), then answers the commands
 * written to its stdin with lines on its stdout. Its stderr goes to ours.
 */
public final class ChildDriver implements AutoCloseable {

    private final String name;
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int port;

    private ChildDriver(String name, Process process, BufferedReader out, Writer in, int port) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.in = in;
        this.port = port;
    }

    /**
     * Starts {@code main} with our class path, {@code jvmOptions} and {@code args}, and waits for its port.
     *
     * @param name what the driver is, for error messages
     */
    public static ChildDriver start(String name, List<String> jvmOptions, Class<?> main, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String first = out.readLine();
        if (first == null || !first.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException(name + " did not start: " + first);
        }
        return new ChildDriver(name, process, out, in, Integer.parseInt(first.substring(5).trim()));
    }

    /** The loopback port the driver listens on. */
    public int port() {
        return port;
    }

    /** Writes one command line. */
    public void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /** Writes one command line and returns the next line the driver prints. */
    public String ask(String command) throws IOException {
        send(command);
        return next();
    }

    /** The next line the driver prints. */
    public String next() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException(name + " exited");
        }
        return line;
    }

    /** Reads the next line and fails unless it is {@code expected}. */
    public void expectLine(String expected) throws IOException {
        String line = next();
        if (!expected.equals(line)) {
            throw new IOException(name + " said '" + line + "', expected " + expected);
        }
    }

    /** A {@code key=value} field of a driver's answer, as a number. */
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

    /** Sends {@code QUIT} (if the driver still reads) and waits up to 30 s for the child to end, then kills it. */
    @Override
    public void close() {
        try {
            send("QUIT");
        } catch (IOException e) {
            // Already gone: nothing to tell it.
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
