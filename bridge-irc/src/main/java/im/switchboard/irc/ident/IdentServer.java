package im.switchboard.irc.ident;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 1413 server: answers {@link IdentQuery}s from {@link IdentTable}. One virtual thread accepts, one per
 * asking connection answers one query; every wait is bounded (C1).
 */
public final class IdentServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdentServer.class);

    /** How long an asking connection may stay silent before it is closed. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** A query is two ports and a comma: anything much longer is not one (RFC 1413 allows 1000 octets). */
    static final int MAX_LINE = 1000;
    /** Asking connections served at once; more are closed at accept. */
    static final int MAX_CLIENTS = 64;

    private final ServerSocket listener;
    private final IdentTable table;
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);
    private final Thread acceptor;
    private volatile boolean closed;

    private IdentServer(ServerSocket listener, IdentTable table) {
        this.listener = listener;
        this.table = table;
        this.acceptor = Thread.ofVirtual().name("identd-accept").unstarted(this::acceptLoop);
    }

    /**
     * Listens on {@code address} (port 0 picks a free one) and answers from {@code table}.
     *
     * @throws IOException when the address cannot be bound (port 113 needs privileges: docs/operations.md)
     */
    public static IdentServer start(InetSocketAddress address, IdentTable table) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(address, MAX_CLIENTS);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen for ident queries on " + address + ": " + e.getMessage(), e);
        }
        IdentServer server = new IdentServer(listener, table);
        server.acceptor.start();
        LOG.info("Ident server (RFC 1413) listening on {}", listener.getLocalSocketAddress());
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket asker;
            try {
                asker = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Ident server stopped accepting: {}", e.getMessage());
                }
                return;
            }
            if (!clients.tryAcquire()) {
                closeQuietly(asker);
                continue;
            }
            Thread.ofVirtual().name("identd-" + asker.getPort()).start(() -> {
                try {
                    serve(asker);
                } finally {
                    clients.release();
                }
            });
        }
    }

    private void serve(Socket asker) {
        try (asker) {
            asker.setSoTimeout((int) READ_TIMEOUT.toMillis());
            InputStream in = new BufferedInputStream(asker.getInputStream(), 256);
            OutputStream out = asker.getOutputStream();
            // One query, one reply, then close: the RFC allows more queries per connection, but clients such as
            // ngircd's libident read the reply up to the end of the stream, so a server that waits for a second
            // query makes them wait for their timeout and show the user as unverified.
            Optional<String> line = readLine(in);
            if (line.isPresent()) {
                out.write((answer(line.get(), asker.getInetAddress()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (SocketException e) {
            LOG.debug("ident connection ended: {}", e.getMessage());
        } catch (IOException e) {
            // A read deadline or a peer that went away: nothing to answer any more.
            LOG.debug("ident connection failed: {}", e.getMessage());
        }
    }

    /** The reply line (without CRLF) to one query line from {@code asker}. */
    String answer(String line, InetAddress asker) {
        Optional<IdentQuery> query = IdentQuery.parse(line);
        if (query.isEmpty()) {
            // RFC 1413 section 6: INVALID-PORT for ports that are not 1-65535 or not given. The pair is repeated as
            // far as it can be; "0 , 0" when it cannot.
            return "0 , 0 : ERROR : INVALID-PORT";
        }
        IdentQuery q = query.get();
        return table.userId(asker, q.serverPort(), q.clientPort())
                .map(id -> q.pair() + " : USERID : UNIX : " + id)
                .orElse(q.pair() + " : ERROR : NO-USER");
    }

    /** One line (LF or CRLF ended) of at most {@link #MAX_LINE} bytes; empty at end of stream. */
    private static Optional<String> readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("ident query longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        return Optional.empty();
    }

    /** Stops listening; connections being answered end at their read deadline. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        acceptor.interrupt();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing: nothing more can go wrong that anybody needs to know.
            LOG.trace("close failed", e);
        }
    }
}
