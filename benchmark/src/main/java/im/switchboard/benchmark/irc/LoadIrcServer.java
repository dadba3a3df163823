package im.switchboard.benchmark.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The IRC-server side of a benchmark run: a cheap server on loopback (one virtual thread per connection,
 * blocking sockets) that does just enough of the modern IRC client protocol for a client to register, join
 * channels and exchange messages, so that what the measured process spends is its own cost.
 *
 * <p>What it does ({@code docs/performance.md} lists it): capability negotiation ({@code CAP LS 302} offers the
 * configured list, {@code CAP REQ} is acknowledged when every requested cap is offered), registration
 * ({@code NICK}/{@code USER} answered with 001-005, ISUPPORT {@code PREFIX}, {@code CHANTYPES},
 * {@code CASEMAPPING}, then the MOTD 375/372/376; a nick in use gets 433), {@code PING}/{@code PONG},
 * {@code JOIN} (echo, 332 topic, 353/366 names), {@code WHO} (315), {@code MODE} (324/221), {@code PRIVMSG}
 * and {@code NOTICE} from clients (counted, echoed to clients that enabled {@code echo-message}) and
 * {@code QUIT}. Each connection sees its own channels: nothing is broadcast between clients, so the server's
 * cost does not grow with the square of the users.
 *
 * <p>Control protocol on stdin/stdout, one line each (the parent process drives it):
 * <ul>
 *   <li>printed at start: {@code PORT n}</li>
 *   <li>{@code STATUS} → {@code STATUS connections=a registered=b joined=c} (joined counts channel
 *       memberships)</li>
 *   <li>{@code BLAST n} → writes {@code n} PRIVMSG lines in all, shared among all channel memberships (or to
 *       each registered connection's nick when none joined a channel), as fast as the sockets take them;
 *       prints {@code BLASTED lines=.. nanos=..}</li>
 *   <li>{@code EXPECT n} → resets the inbound counter, prints {@code READY}, then {@code RECEIVED n nanos=..}
 *       once {@code n} client PRIVMSGs arrived (nanoseconds since {@code READY})</li>
 *   <li>{@code QUIT} (or end of stdin) → exits</li>
 * </ul>
 *
 * <p>Usage: {@code LoadIrcServer [--caps=a,b,c] [--time-tags]}. Default caps:
 * {@code server-time,message-tags,echo-message,multi-prefix}. With {@code --time-tags}, blasted lines carry
 * {@code @time=} to clients that enabled {@code server-time}.
 */
public final class LoadIrcServer implements AutoCloseable {

    static final String SERVER_NAME = "load.irc.bench";
    static final String BLASTER = "alice!alice@blaster.bench";
    static final String DEFAULT_CAPS = "server-time,message-tags,echo-message,multi-prefix";

    private final Set<String> caps;
    private final boolean timeTags;
    private final ServerSocket server;
    private final Set<LoadIrcConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<String> nicks = ConcurrentHashMap.newKeySet();
    private final AtomicLong inbound = new AtomicLong();
    private final AtomicReference<CountDownLatch> expectation = new AtomicReference<>();
    private final AtomicLong expected = new AtomicLong(Long.MAX_VALUE);
    private final Thread acceptor;

    /** Starts listening on an ephemeral loopback port. */
    public LoadIrcServer(Set<String> caps, boolean timeTags) throws IOException {
        this.caps = Set.copyOf(caps);
        this.timeTags = timeTags;
        this.server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("irc-accept").start(this::acceptLoop);
    }

    public static void main(String[] args) throws Exception {
        Set<String> caps = parseCaps(DEFAULT_CAPS);
        boolean timeTags = false;
        for (String arg : args) {
            if (arg.startsWith("--caps=")) {
                caps = parseCaps(arg.substring("--caps=".length()));
            } else if (arg.equals("--time-tags")) {
                timeTags = true;
            } else {
                System.err.println("usage: LoadIrcServer [--caps=a,b,c] [--time-tags]");
                System.exit(2);
            }
        }
        try (LoadIrcServer server = new LoadIrcServer(caps, timeTags)) {
            server.control(System.out, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        System.exit(0);
    }

    static Set<String> parseCaps(String list) {
        Set<String> result = new LinkedHashSet<>();
        for (String cap : list.split(",")) {
            if (!cap.isBlank()) {
                result.add(cap.trim());
            }
        }
        return result;
    }

    public int port() {
        return server.getLocalPort();
    }

    void control(PrintStream out, BufferedReader in) throws IOException, InterruptedException {
        out.println("PORT " + port());
        out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split(" ");
            switch (words[0]) {
                case "STATUS" -> out.println(status());
                case "BLAST" -> {
                    long start = System.nanoTime();
                    long lines = blast(Long.parseLong(words[1]));
                    out.println("BLASTED lines=" + lines + " nanos=" + (System.nanoTime() - start));
                }
                case "EXPECT" -> {
                    CountDownLatch done = expect(Long.parseLong(words[1]));
                    out.println("READY");
                    out.flush();
                    long start = System.nanoTime();
                    long timeoutSeconds = words.length > 2 ? Long.parseLong(words[2]) : 300;
                    boolean complete = done.await(timeoutSeconds, TimeUnit.SECONDS);
                    out.println("RECEIVED " + inbound.get() + " nanos=" + (System.nanoTime() - start)
                            + (complete ? "" : " incomplete"));
                }
                case "QUIT" -> {
                    return;
                }
                default -> out.println("ERROR unknown control command " + words[0]);
            }
            out.flush();
        }
    }

    /** Connections, registered connections and channel memberships, as one line. */
    public String status() {
        int registered = 0;
        int joined = 0;
        for (LoadIrcConnection c : connections) {
            registered += c.isRegistered() ? 1 : 0;
            joined += c.channelCount();
        }
        return "STATUS connections=" + connections.size() + " registered=" + registered + " joined=" + joined;
    }

    /** Resets the inbound PRIVMSG counter; the latch opens when {@code count} more have arrived. */
    public CountDownLatch expect(long count) {
        CountDownLatch latch = new CountDownLatch(1);
        inbound.set(0);
        expected.set(count);
        expectation.set(latch);
        return latch;
    }

    /**
     * Sends {@code total} PRIVMSG lines from {@link #BLASTER}, shared among every channel membership of every
     * connection (each connection on its own virtual thread), and returns once all are flushed.
     */
    public long blast(long total) throws InterruptedException {
        List<LoadIrcConnection> targets = new ArrayList<>();
        long memberships = 0;
        for (LoadIrcConnection c : connections) {
            if (c.isRegistered()) {
                targets.add(c);
                memberships += Math.max(1, c.channelCount());
            }
        }
        if (targets.isEmpty()) {
            return 0;
        }
        long perMembership = total / memberships;
        long remainder = total % memberships;
        List<Thread> writers = new ArrayList<>();
        long assigned = 0;
        for (LoadIrcConnection c : targets) {
            int slots = Math.max(1, c.channelCount());
            long lines = perMembership * slots + Math.min(remainder, slots);
            remainder -= Math.min(remainder, slots);
            assigned += lines;
            writers.add(Thread.ofVirtual().start(() -> c.blast(lines, timeTags)));
        }
        for (Thread t : writers) {
            t.join();
        }
        return assigned;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                LoadIrcConnection connection = new LoadIrcConnection(this, socket);
                connections.add(connection);
                Thread.ofVirtual().start(() -> {
                    try {
                        connection.run();
                    } finally {
                        connections.remove(connection);
                        nicks.remove(connection.nickKey());
                    }
                });
            } catch (IOException e) {
                // Closed while accepting: the server is shutting down.
                return;
            }
        }
    }

    Set<String> caps() {
        return caps;
    }

    /** Claims {@code key} (a case-folded nick); false when another connection holds it. */
    boolean claimNick(String key) {
        return nicks.add(key);
    }

    void releaseNick(String key) {
        if (key != null) {
            nicks.remove(key);
        }
    }

    void countInbound() {
        long n = inbound.incrementAndGet();
        if (n == expected.get()) {
            CountDownLatch latch = expectation.get();
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (LoadIrcConnection c : connections) {
            c.close();
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LoadIrcServer[port=" + port() + ", caps=" + Arrays.toString(caps.toArray()) + "]";
    }
}
