package im.switchboard.benchmark.irc;

import im.switchboard.benchmark.LoadDriver;
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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The XMPP-server side of the IRC relay benchmark, as a separate process: accepts the component's XEP-0114
 * connection on loopback, makes {@code users} users available, and then, on command, joins each user to one
 * IRC channel as a MUC room (XEP-0045 section 7.2: presence to {@code room/nick} with the MUC {@code <x/>}),
 * counts the message stanzas that arrive (IRC → XMPP), or sends message stanzas as fast as the socket takes them
 * (XMPP → IRC). In {@code private} mode there are no rooms: users exchange chat messages with the IRC user
 * {@code alice} ({@code alice%SERVER@DOMAIN}).
 *
 * <p>Control protocol (stdin/stdout, one line each): printed {@code PORT n}, then {@code PRESENCES-SENT} once
 * the users are available; {@code JOIN} → {@code JOINED n} once every user's self-presence (status 110,
 * XEP-0045 section 7.2.2) arrived; {@code EXPECT n} → {@code READY}, then
 * {@code RECEIVED n errors=e nanos=..} when {@code n} message stanzas arrived since {@code READY};
 * {@code SEND n} → {@code SENT n nanos=..}; {@code SEND n reflected} also waits until {@code n} message stanzas
 * came back (the MUC reflection of each groupchat message to its sender, XEP-0045 section 7.4) and prints
 * {@code SENT n nanos=.. reflected=n errors=e reflectedNanos=..}, so that a round ends only when the gateway has
 * done all of its work and the next round does not count the reflections of this one; {@code QUIT}.
 *
 * <p>Usage: {@code RelayXmppDriver DOMAIN SECRET USERS IRC_SERVER MODE TIMEOUT_SECONDS} with MODE
 * {@code channel} or {@code private}.
 */
public final class RelayXmppDriver {

    private static final byte[] MESSAGE_END = "</message>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_START = "<error".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELF_DQ = "code=\"110\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELF_SQ = "code='110'".getBytes(StandardCharsets.US_ASCII);

    /** With {@code -Drelay.dump=true} the driver copies what it reads to stderr (for diagnosing a run). */
    private static final boolean DUMP = Boolean.getBoolean("relay.dump");

    private final String domain;
    private final String secret;
    private final int users;
    private final String ircServer;
    private final boolean channels;
    private final long timeoutSeconds;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** Messages in flight per user while reflections are awaited: under the gateway's 256-line IRC queue. */
    private static final int WINDOW_PER_USER = 32;
    /** ... but never fewer than this in all: with one user, 200 in flight stay under its 256-line queue. */
    private static final int WINDOW_MIN = 200;
    private final AtomicLong selfPresences = new AtomicLong();
    private final AtomicLong goal = new AtomicLong(Long.MAX_VALUE);
    private final AtomicReference<CountDownLatch> reached = new AtomicReference<>(new CountDownLatch(1));
    private final CountDownLatch allJoined;

    RelayXmppDriver(String domain, String secret, int users, String ircServer, boolean channels,
            long timeoutSeconds) {
        this.domain = domain;
        this.secret = secret;
        this.users = users;
        this.ircServer = ircServer;
        this.channels = channels;
        this.timeoutSeconds = timeoutSeconds;
        this.allJoined = new CountDownLatch(users);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: RelayXmppDriver DOMAIN SECRET USERS IRC_SERVER channel|private TIMEOUT");
            System.exit(2);
        }
        RelayXmppDriver driver = new RelayXmppDriver(args[0], args[1], Integer.parseInt(args[2]), args[3],
                args[4].equals("channel"), Long.parseLong(args[5]));
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(driver.run(System.out, control) ? 0 : 1);
    }

    /** The room of user {@code u}: one channel per user, so no message fans out to several users. */
    String room(int u) {
        return "#bench" + u + "%" + ircServer + "@" + domain;
    }

    String peer() {
        return "alice%" + ircServer + "@" + domain;
    }

    boolean run(PrintStream out, BufferedReader control) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            out.println("PORT " + server.getLocalPort());
            out.flush();
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream raw = socket.getOutputStream();
                handshake(in, raw);
                OutputStream bulk = new BufferedOutputStream(raw, 1 << 16);
                Thread reader = Thread.ofPlatform().name("relay-driver-reader").start(() -> count(in));
                for (int u = 0; u < users; u++) {
                    bulk.write(("<presence from='" + LoadDriver.userJid(u) + "/bench' to='" + domain + "'/>")
                            .getBytes(StandardCharsets.UTF_8));
                }
                bulk.flush();
                out.println("PRESENCES-SENT");
                out.flush();
                boolean ok = commands(out, control, bulk);
                reader.join(TimeUnit.SECONDS.toMillis(10));
                return ok && errors.get() == 0;
            }
        }
    }

    private boolean commands(PrintStream out, BufferedReader control, OutputStream bulk)
            throws IOException, InterruptedException {
        String line;
        while ((line = control.readLine()) != null) {
            String[] words = line.trim().split(" ");
            switch (words[0]) {
                case "JOIN" -> {
                    for (int u = 0; u < users; u++) {
                        String join = "<presence from='" + LoadDriver.userJid(u) + "/bench' to='" + room(u) + "/user"
                                + u + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>";
                        if (DUMP) {
                            System.err.println("driver writes: " + join);
                        }
                        bulk.write(join.getBytes(StandardCharsets.UTF_8));
                    }
                    bulk.flush();
                    boolean all = allJoined.await(timeoutSeconds, TimeUnit.SECONDS);
                    out.println("JOINED " + selfPresences.get() + " errors=" + errors.get()
                            + (all ? "" : " incomplete"));
                }
                case "EXPECT" -> {
                    long n = Long.parseLong(words[1]);
                    CountDownLatch latch = new CountDownLatch(1);
                    received.set(0);
                    goal.set(n);
                    reached.set(latch);
                    out.println("READY");
                    out.flush();
                    long start = System.nanoTime();
                    boolean complete = latch.await(timeoutSeconds, TimeUnit.SECONDS);
                    out.println("RECEIVED " + received.get() + " errors=" + errors.get() + " nanos="
                            + (System.nanoTime() - start) + (complete ? "" : " incomplete"));
                }
                case "SEND" -> {
                    long n = Long.parseLong(words[1]);
                    boolean reflected = words.length > 2 && words[2].equals("reflected");
                    byte[][] stanzas = prebuild();
                    CountDownLatch latch = new CountDownLatch(1);
                    if (reflected) {
                        received.set(0);
                        goal.set(n);
                        reached.set(latch);
                    }
                    // With reflections counted, the driver keeps WINDOW_PER_USER messages per user (on average) in
                    // flight, as a client waiting for its reflections would: the gateway bounds each IRC
                    // connection's send queue (256 lines) and refuses a burst beyond it with an error stanza.
                    long window = reflected ? Math.max(WINDOW_MIN, (long) WINDOW_PER_USER * users) : Long.MAX_VALUE;
                    long start = System.nanoTime();
                    for (long i = 0; i < n; i++) {
                        if (i - received.get() >= window) {
                            bulk.flush();
                            while (i - received.get() >= window) {
                                LockSupport.parkNanos(20_000);
                            }
                        }
                        bulk.write(stanzas[(int) (i % stanzas.length)]);
                    }
                    bulk.flush();
                    long sent = System.nanoTime() - start;
                    if (!reflected) {
                        out.println("SENT " + n + " nanos=" + sent);
                    } else {
                        boolean complete = latch.await(timeoutSeconds, TimeUnit.SECONDS);
                        out.println("SENT " + n + " nanos=" + sent + " reflected=" + received.get() + " errors="
                                + errors.get() + " reflectedNanos=" + (System.nanoTime() - start)
                                + (complete ? "" : " incomplete"));
                    }
                }
                case "QUIT" -> {
                    return true;
                }
                default -> out.println("ERROR unknown control command " + words[0]);
            }
            out.flush();
        }
        return true;
    }

    private byte[][] prebuild() {
        int distinct = Math.max(users, 256);
        byte[][] stanzas = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            int u = i % users;
            String to = channels ? room(u) : peer();
            String type = channels ? "groupchat" : "chat";
            stanzas[i] = ("<message from='" + LoadDriver.userJid(u) + "/bench' to='" + to + "' type='" + type
                    + "' id='r" + i + "'><body>Wherefore art thou, Romeo? relay " + i + "</body></message>")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return stanzas;
    }

    private void handshake(InputStream in, OutputStream out) throws IOException {
        String header = LoadDriver.readUntil(in, '>');
        if (header.startsWith("<?xml")) {
            header = LoadDriver.readUntil(in, '>');
        }
        if (!header.contains("jabber:component:accept")) {
            throw new IOException("not a component stream header: " + header);
        }
        String streamId = UUID.randomUUID().toString();
        out.write(("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' "
                + "xmlns='jabber:component:accept' from='" + domain + "' id='" + streamId + "'>")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        LoadDriver.readUntil(in, '>');
        String digest = LoadDriver.readUntil(in, '>');
        String got = digest.substring(0, digest.indexOf('<')).trim();
        if (!LoadDriver.sha1Hex(streamId + secret).equals(got)) {
            throw new IOException("wrong handshake digest");
        }
        out.write("<handshake/>".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Scans the component's bytes: message ends, error starts, MUC self-presence status codes. */
    private void count(InputStream in) {
        byte[] buf = new byte[1 << 16];
        int message = 0;
        int error = 0;
        int selfDq = 0;
        int selfSq = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (DUMP) {
                    System.err.write(buf, 0, n);
                    System.err.println();
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    message = LoadDriver.advance(MESSAGE_END, message, b);
                    if (message == MESSAGE_END.length) {
                        message = 0;
                        if (received.incrementAndGet() == goal.get()) {
                            reached.get().countDown();
                        }
                    }
                    error = LoadDriver.advance(ERROR_START, error, b);
                    if (error == ERROR_START.length) {
                        error = 0;
                        errors.incrementAndGet();
                    }
                    selfDq = LoadDriver.advance(SELF_DQ, selfDq, b);
                    selfSq = LoadDriver.advance(SELF_SQ, selfSq, b);
                    if (selfDq == SELF_DQ.length || selfSq == SELF_SQ.length) {
                        selfDq = 0;
                        selfSq = 0;
                        selfPresences.incrementAndGet();
                        allJoined.countDown();
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("relay driver reader: " + e.getMessage());
        }
    }
}
