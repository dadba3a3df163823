package im.switchboard.irc.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback IRC "server" a test drives line by line, for what a real ircd cannot be made to do on cue (go silent,
 * send Latin-1 or garbage, refuse in the middle of registration). Every line the client sent is recorded.
 */
final class ScriptedIrcServer implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final List<Peer> all = new CopyOnWriteArrayList<>();

    ScriptedIrcServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** The next client connection. */
    Peer nextPeer(Duration timeout) throws InterruptedException {
        Peer peer = peers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (peer == null) {
            throw new AssertionError("no client connected within " + timeout);
        }
        return peer;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                Peer peer = new Peer(socket);
                all.add(peer);
                peers.add(peer);
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer peer : all) {
            peer.close();
        }
    }

    /** One client connection. */
    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.CountDownLatch eof = new java.util.concurrent.CountDownLatch(1);

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Thread.ofVirtual().start(() -> readLoop(in));
        }

        private void readLoop(InputStream in) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8);
                        if (text.endsWith("\r")) {
                            text = text.substring(0, text.length() - 1);
                        }
                        received.add(text);
                        lines.add(text);
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            } catch (IOException e) {
                // The socket closed: the end of this peer.
            } finally {
                eof.countDown();
            }
        }

        /** Sends raw text (CR LF added). */
        void send(String line) throws IOException {
            sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        void sendBytes(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next line the client sent that matches, skipping others; fails after the timeout. */
        String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new AssertionError("no matching line within " + timeout + "; received " + received);
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        String await(String prefix) throws InterruptedException {
            return await(l -> l.startsWith(prefix), Duration.ofSeconds(5));
        }

        /** Every line the client sent so far. */
        List<String> received() {
            return new ArrayList<>(received);
        }

        /** Waits until the client closed its side. */
        boolean awaitClosedByClient(Duration timeout) throws InterruptedException {
            return eof.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
