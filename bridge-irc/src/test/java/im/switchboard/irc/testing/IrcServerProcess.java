package im.switchboard.irc.testing;

import java.nio.file.Path;

/**
 * A real IRC server running as a child process on loopback for a test.
 *
 * <p>The first start happens in the builder's {@code start()}; {@link #start()} starts it again on the same
 * ports after {@link #stop()} or {@link #kill()}. Every method may be called from any thread; lifecycle calls
 * are serialised.
 */
public interface IrcServerProcess extends AutoCloseable {

    /** Always {@code 127.0.0.1}: the servers listen on loopback only. */
    String host();

    /** The port of the plain-text client listener. */
    int plainPort();

    /** The port of the TLS client listener; {@code -1} when the server was built without TLS. */
    int tlsPort();

    /** The server name the IRC server announces (the prefix of its numerics). */
    String serverName();

    /** Stops the server gracefully (SIGTERM, then SIGKILL after a deadline). Idempotent. */
    void stop();

    /** Kills the server at once (SIGKILL), as a crash would. Idempotent. */
    void kill();

    /** Starts the server again on the same ports and waits until it greets a client. */
    void start();

    /** The file that receives the server's standard output and error. */
    Path logFile();

    /** Stops the server; the configuration directory stays for post-mortem reading. */
    @Override
    void close();
}
