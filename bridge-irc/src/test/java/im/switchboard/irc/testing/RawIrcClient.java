package im.switchboard.irc.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A plain IRC client at the level of raw lines: the "IRC user on the other side" of a test.
 *
 * <p>It records every line the server sends (without CR LF), answers {@code PING} with {@code PONG} itself
 * (RFC 2812 3.7.2/3.7.3, so a slow test is not dropped for a ping timeout), and writes exactly what it is
 * given. {@link #awaitLine} looks at the lines recorded since the last {@link #clearReceived()} (the ones
 * already received included), so a test clears before the action whose reply it waits for.
 */
public final class RawIrcClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<String> lines = new ArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Thread reader;
    private boolean ended;
    private String nick;

    private RawIrcClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
        this.reader = Thread.ofVirtual().name("raw-irc-" + socket.getLocalPort()).start(() -> readLoop(in));
    }

    /** Connects in plain text and registers as {@code nick} (NICK, USER, waits for 001). */
    public static RawIrcClient connect(String host, int port, String nick) {
        RawIrcClient client = open(host, port, null);
        return client.registerOrClose(nick);
    }

    /**
     * Connects in plain text, sends {@code PASS password} (RFC 1459 section 4.1.1: before NICK and USER) and
     * registers as {@code nick}.
     */
    public static RawIrcClient connect(String host, int port, String nick, String password) {
        RawIrcClient client = open(host, port, null);
        try {
            client.send("PASS " + password);
        } catch (UncheckedIOException e) {
            client.close();
            throw e;
        }
        return client.registerOrClose(nick);
    }

    /** Connects over TLS with {@code context} (certificate and host name checked) and registers as {@code nick}. */
    public static RawIrcClient connectTls(String host, int port, String nick, SSLContext context) {
        RawIrcClient client = open(host, port, context);
        return client.registerOrClose(nick);
    }

    /**
     * Connects without registering, for tests that negotiate first (CAP, AUTHENTICATE); {@code context} null
     * means plain text. Call {@link #register(String)} afterwards, or send NICK/USER by hand.
     */
    public static RawIrcClient open(String host, int port, SSLContext context) {
        Socket socket = null;
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            if (context != null) {
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
                SSLParameters parameters = tls.getSSLParameters();
                // Check the host name as a real client must (RFC 6125): the test CA's certificate names
                // 127.0.0.1 and localhost.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
                tls.startHandshake();
                tls.setSoTimeout(0);
                socket = tls;
            }
            return new RawIrcClient(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + host + ":" + port
                    + (context == null ? "" : " over TLS"), e);
        }
    }

    private RawIrcClient registerOrClose(String wantedNick) {
        try {
            register(wantedNick);
            return this;
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Sends NICK and USER and waits for {@code RPL_WELCOME} (001); fails on a nick error (431-433). */
    public void register(String wantedNick) {
        try {
            send("NICK " + wantedNick);
            send("USER " + wantedNick + " 0 * :Switchboard test client " + wantedNick);
        } catch (UncheckedIOException e) {
            // The server closed the connection at once (e.g. a per-IP limit): a refusal, with what it said.
            throw new AssertionError("registration as " + wantedNick + " refused, connection closed; lines seen: "
                    + received(), e);
        }
        String reply = awaitLine(line -> hasCommand(line, "001") || hasCommand(line, "431")
                || hasCommand(line, "432") || hasCommand(line, "433") || line.startsWith("ERROR"),
                REGISTRATION_TIMEOUT);
        if (!hasCommand(reply, "001")) {
            throw new AssertionError("registration as " + wantedNick + " refused: " + reply);
        }
        this.nick = wantedNick;
    }

    /** The nick this client registered with, or null before registration. */
    public String nick() {
        return nick;
    }

    /** Writes {@code rawLine} followed by CR LF, exactly as given. */
    public void send(String rawLine) {
        byte[] bytes = (rawLine + "\r\n").getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + rawLine, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The first line recorded since the last {@link #clearReceived()} that matches, waiting up to
     * {@code timeout} for it; an {@link AssertionError} listing the lines seen when none arrives in time.
     */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (match.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended) {
                    throw new AssertionError("no matching line within " + timeout
                            + (ended ? " (connection closed)" : "") + "; lines seen:\n  "
                            + String.join("\n  ", lines));
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a line", e);
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the lines recorded since the last {@link #clearReceived()}. */
    public List<String> received() {
        lock.lock();
        try {
            return List.copyOf(lines);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the lines recorded so far. */
    public void clearReceived() {
        lock.lock();
        try {
            lines.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the connection has ended; an {@link AssertionError} if it is still open after {@code timeout}. */
    public void awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("connection still open after " + timeout + "; lines seen:\n  "
                            + String.join("\n  ", lines));
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the end of the connection", e);
        } finally {
            lock.unlock();
        }
    }

    /** True once the server has closed the connection (or it broke). */
    public boolean isClosed() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** True when {@code line}'s command (after the optional tags and prefix) is {@code command}. */
    public static boolean hasCommand(String line, String command) {
        String rest = commandAndParameters(line);
        return rest.equals(command) || rest.startsWith(command + " ");
    }

    /** {@code line} without its tags and prefix (RFC 2812 2.3.1, IRCv3 message-tags). */
    private static String commandAndParameters(String line) {
        String rest = line;
        if (rest.startsWith("@")) {
            int space = rest.indexOf(' ');
            rest = space < 0 ? "" : rest.substring(space + 1);
        }
        if (rest.startsWith(":")) {
            int space = rest.indexOf(' ');
            rest = space < 0 ? "" : rest.substring(space + 1);
        }
        return rest;
    }

    private void readLoop(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (hasCommand(line, "PING")) {
                    // RFC 2812 3.7.3: PONG echoes the PING's parameter.
                    send("PONG" + commandAndParameters(line).substring("PING".length()));
                }
                record(line);
            }
        } catch (IOException | UncheckedIOException e) {
            // The connection ended (closed by us, by the server, or broken): recorded below as the end.
            record(null);
            return;
        }
        record(null);
    }

    private void record(String line) {
        lock.lock();
        try {
            if (line == null) {
                ended = true;
            } else {
                lines.add(line);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the socket at once (no QUIT: a test that wants a QUIT sends it). */
    @Override
    public void close() {
        closeQuietly(socket);
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort: the socket is unusable either way.
            return;
        }
    }
}
