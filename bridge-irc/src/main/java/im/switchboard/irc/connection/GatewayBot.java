package im.switchboard.irc.connection;

import im.switchboard.irc.text.IrcDecoding;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.pircbotx.Configuration;
import org.pircbotx.PircBotX;

/**
 * PircBotX with its line I/O replaced; PircBotX keeps the socket life cycle (connect through the configured
 * factory, NICK/USER, the read loop, shutdown).
 *
 * <ul>
 *   <li>Reading: {@link LineReader} instead of a {@code BufferedReader} over one charset, so every line is decoded
 *       by {@link IrcDecoding} with its fallback (X6), is bounded (I7) and survives a read timeout.</li>
 *   <li>Each line goes to the {@link LineHandler} through the {@code InputParser} (whose {@code handleLine} is
 *       replaced too); PircBotX builds no user or channel state and logs no line.</li>
 *   <li>A read timeout (the socket timeout is the keepalive interval) asks the handler instead of sending an
 *       unanswered PING forever.</li>
 *   <li>Writing: UTF-8 bytes straight to the socket under a lock, without PircBotX's line truncation, per-line
 *       {@code OutputEvent} and INFO log of every line (which would log PASS, AUTHENTICATE and IDENTIFY: G3).</li>
 * </ul>
 */
final class GatewayBot extends PircBotX {

    private final LineHandler handler;
    private final IrcDecoding decoding;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile LineReader reader;
    private volatile OutputStream out;
    /** The socket, as this class saw it (PircBotX's own field is not volatile). */
    private volatile Socket ours;
    /** Set by {@link #closeSocket}: a socket connected later is closed at once. */
    private volatile boolean closing;

    GatewayBot(Configuration configuration, LineHandler handler, IrcDecoding decoding) {
        super(configuration);
        this.handler = handler;
        this.decoding = decoding;
    }

    LineHandler handler() {
        return handler;
    }

    @Override
    protected void changeSocket(Socket newSocket) throws IOException {
        this.socket = newSocket;
        this.ours = newSocket;
        if (closing) {
            // closeSocket came before the socket existed: it must not outlive that request (no leaked connection)
            newSocket.close();
            throw new IOException("closed while connecting");
        }
        this.reader = new LineReader(newSocket.getInputStream(), decoding);
        this.out = newSocket.getOutputStream();
    }

    @Override
    protected boolean processNextLine() {
        String line;
        try {
            line = reader.readLine();
        } catch (SocketTimeoutException e) {
            return handler.onIdle();
        } catch (IOException | RuntimeException e) {
            handler.onReadFailure(e);
            return false;
        }
        if (line == null) {
            return false;
        }
        try {
            getInputParser().handleLine(line);
        } catch (Exception e) {
            // RawLineInputParser never throws; this keeps the read loop alive if it ever did (I7).
            handler.onReadFailure(e);
            return false;
        }
        return true;
    }

    @Override
    protected void sendRawLineToServer(String line) throws IOException {
        writeLine(line);
    }

    /** Writes one line (CR LF added); thread-safe. */
    void writeLine(String line) throws IOException {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        writeLines(bytes, bytes.length);
    }

    /** Writes {@code length} bytes of {@code lines}, whole CRLF-ended lines, with one flush; thread-safe. */
    void writeLines(byte[] lines, int length) throws IOException {
        OutputStream stream = out;
        if (stream == null) {
            throw new IOException("not connected");
        }
        writeLock.lock();
        try {
            stream.write(lines, 0, length);
            stream.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the socket (the reader then ends); idempotent. */
    void closeSocket() {
        closing = true;
        Socket s = ours;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing is best effort: the reader ends either way.
            }
        }
    }
}
