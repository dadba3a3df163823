package im.switchboard.benchmark.irc;

import im.switchboard.benchmark.ChildDriver;
import java.io.IOException;
import java.util.List;

/**
 * A {@link LoadIrcServer} in a child JVM (so that its CPU and memory are not the measured process's), driven
 * over its stdin/stdout control protocol.
 */
public final class LoadIrcServerProcess implements IrcServerUnderTest {

    private final ChildDriver child;

    private LoadIrcServerProcess(ChildDriver child) {
        this.child = child;
    }

    /** Starts the child with the given LoadIrcServer arguments and waits for its port. */
    public static LoadIrcServerProcess start(String... args) throws IOException {
        return new LoadIrcServerProcess(ChildDriver.start("load IRC server", List.of("-Xmx1g", "-XX:+UseParallelGC"),
                LoadIrcServer.class, List.of(args)));
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return child.port();
    }

    @Override
    public String status() throws IOException {
        return ask("STATUS");
    }

    /** Sends one control command and returns the one-line answer. */
    public String ask(String command) throws IOException {
        return child.ask(command);
    }

    /** Reads the next line the child prints (for commands with two answers, such as EXPECT). */
    public String next() throws IOException {
        return child.next();
    }

    @Override
    public void close() {
        child.close();
    }
}
