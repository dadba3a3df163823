package im.switchboard.benchmark;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The XMPP-server side of a benchmark run, as a separate process: accepts one XEP-0114 connection on
 * loopback, checks the handshake, makes {@code users} users available to the component, sends
 * {@code messages} chat messages round-robin from those users to {@code echo@DOMAIN}, and counts the
 * message stanzas that come back.
 *
 * <p>Protocol with the parent process, one line each: the driver prints {@code PORT n} once listening and
 * {@code PRESENCES-SENT} once its users' available presence is written; the parent answers {@code GO} on
 * the driver's stdin when the gateway's sessions for those users are up; the driver prints
 * {@code RESULT sent=.. received=.. errors=.. nanos=..} at the end. Everything the driver writes is
 * pre-serialized, and it counts replies by scanning bytes for {@code </message>} (and error replies for
 * {@code <error}), so its own cost per stanza is small; its ceiling is measured against {@link Reflector}.
 *
 * <p>Usage: {@code LoadDriver DOMAIN SECRET MESSAGES USERS TIMEOUT_SECONDS}
 */
public final class LoadDriver {

    private static final byte[] MESSAGE_END = "</message>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_START = "<error".getBytes(StandardCharsets.US_ASCII);

    private final String domain;
    private final String secret;
    private final int messages;
    private final int users;
    private final long timeoutNanos;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    LoadDriver(String domain, String secret, int messages, int users, long timeoutSeconds) {
        this.domain = domain;
        this.secret = secret;
        this.messages = messages;
        this.users = users;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: LoadDriver DOMAIN SECRET MESSAGES USERS TIMEOUT_SECONDS");
            System.exit(2);
        }
        LoadDriver driver = new LoadDriver(args[0], args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Long.parseLong(args[4]));
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(driver.run(System.out, control) ? 0 : 1);
    }

    /** The JID of benchmark user {@code i}. */
    public static String userJid(int i) {
        return "user" + i + "@bench.example";
    }

    boolean run(PrintStream out, BufferedReader control) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            out.println("PORT " + server.getLocalPort());
            out.flush();
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream rawOut = socket.getOutputStream();
                handshake(in, rawOut);
                OutputStream bulk = new BufferedOutputStream(rawOut, 1 << 16);

                CountDownLatch allReceived = new CountDownLatch(1);
                Thread reader = Thread.ofPlatform().name("driver-reader").start(() -> countReplies(in, allReceived));

                for (int u = 0; u < users; u++) {
                    bulk.write(("<presence from='" + userJid(u) + "/bench' to='" + domain + "'/>")
                            .getBytes(StandardCharsets.UTF_8));
                }
                bulk.flush();
                out.println("PRESENCES-SENT");
                out.flush();
                String go = control.readLine();
                if (!"GO".equals(go)) {
                    out.println("ERROR expected GO from the parent, got " + go);
                    return false;
                }

                byte[][] stanzas = prebuild();
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    bulk.write(stanzas[i % stanzas.length]);
                }
                bulk.flush();
                boolean complete = allReceived.await(timeoutNanos, TimeUnit.NANOSECONDS);
                long nanos = System.nanoTime() - start;
                out.println("RESULT sent=" + messages + " received=" + received.get() + " errors=" + errors.get()
                        + " nanos=" + nanos
                        + (complete ? "" : " incomplete"));
                out.flush();
                // The gateway closes its stream first (a graceful close, not an outage); then the reader ends.
                reader.join(TimeUnit.SECONDS.toMillis(30));
                return complete && errors.get() == 0;
            }
        }
    }

    private byte[][] prebuild() {
        // A few hundred distinct stanzas so that nothing downstream can cache one string.
        int distinct = Math.max(users, 256);
        byte[][] stanzas = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            String body = "Wherefore art thou, Romeo? message " + i;
            stanzas[i] = ("<message from='" + userJid(i % users) + "/bench' to='echo@" + domain
                    + "' type='chat' id='m" + i + "'><body>" + body + "</body></message>")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return stanzas;
    }

    private void handshake(InputStream in, OutputStream out) throws IOException {
        String header = readUntil(in, '>');
        if (header.startsWith("<?xml")) {
            header = readUntil(in, '>');
        }
        if (!header.contains("jabber:component:accept")) {
            throw new IOException("not a component stream header: " + header);
        }
        String streamId = UUID.randomUUID().toString();
        out.write(("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' "
                + "xmlns='jabber:component:accept' from='" + domain + "' id='" + streamId + "'>")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        String handshake = readUntil(in, '>');
        if (handshake.endsWith("/>")) {
            throw new IOException("empty handshake");
        }
        String digest = readUntil(in, '>');
        String expected = sha1Hex(streamId + secret);
        String got = digest.substring(0, digest.indexOf('<')).trim();
        if (!expected.equals(got)) {
            out.write("<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            throw new IOException("wrong handshake digest");
        }
        out.write("<handshake/>".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void countReplies(InputStream in, CountDownLatch allReceived) {
        byte[] buf = new byte[1 << 16];
        int messageMatch = 0;
        int errorMatch = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    messageMatch = advance(MESSAGE_END, messageMatch, b);
                    if (messageMatch == MESSAGE_END.length) {
                        messageMatch = 0;
                        if (received.incrementAndGet() == messages) {
                            allReceived.countDown();
                        }
                    }
                    errorMatch = advance(ERROR_START, errorMatch, b);
                    if (errorMatch == ERROR_START.length) {
                        errorMatch = 0;
                        errors.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            // The run is broken; the counts say where.
            System.err.println("driver reader: " + e.getMessage());
        }
    }

    /** One step of matching {@code pattern} in a byte stream: how many of its bytes are matched after {@code b}. */
    public static int advance(byte[] pattern, int matched, byte b) {
        if (pattern[matched] == b) {
            return matched + 1;
        }
        return pattern[0] == b ? 1 : 0;
    }

    public static String readUntil(InputStream in, char end) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (c == end) {
                return sb.toString();
            }
        }
        throw new IOException("stream closed after: " + sb);
    }

    public static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
