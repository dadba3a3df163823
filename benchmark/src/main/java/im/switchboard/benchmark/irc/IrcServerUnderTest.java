package im.switchboard.benchmark.irc;

import java.io.IOException;

/** The IRC server a benchmark round connects to: the {@link LoadIrcServer} in a child process, or ngircd. */
public interface IrcServerUnderTest extends AutoCloseable {

    String host();

    int port();

    /** The server's own view ({@code STATUS connections=.. registered=.. joined=..}), or empty if it has none. */
    String status() throws IOException;

    @Override
    void close();
}
