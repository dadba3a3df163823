package im.switchboard.benchmark.irc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference client for the driver's ceiling: plain sockets, one virtual thread per connection, no parsing
 * beyond finding line ends and the numerics it waits for. Registration is NICK/USER, then JOIN after 001;
 * joined means 366 (end of names) arrived. Every line from the blaster counts as one message.
 */
public final class RawBenchClient implements BenchClient {

    private static final byte[] PING = "PING ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BLASTER = (":" + LoadIrcServer.BLASTER.substring(0, 6)).getBytes(
            StandardCharsets.US_ASCII);

    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void start(String host, int port, String nick, String channel, JoinTracker tracker) {
        threads.add(Thread.ofVirtual().start(() -> {
            try (Socket socket = new Socket(host, port)) {
                socket.setTcpNoDelay(true);
                Connection c = new Connection(socket, nick, channel, tracker);
                connections.add(c);
                c.run();
            } catch (IOException e) {
                tracker.failed(nick, e.toString());
            }
        }));
    }

    @Override
    public void sendMessages(String target, long count) {
        List<Thread> writers = new CopyOnWriteArrayList<>();
        for (Connection c : connections) {
            writers.add(Thread.ofVirtual().start(() -> c.send(target, count)));
        }
        for (Thread t : writers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            c.quit();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Connection {

        private final Socket socket;
        private final String nick;
        private final String channel;
        private final JoinTracker tracker;
        private final OutputStream out;
        private final ReentrantLock lock = new ReentrantLock();

        Connection(Socket socket, String nick, String channel, JoinTracker tracker) throws IOException {
            this.socket = socket;
            this.nick = nick;
            this.channel = channel;
            this.tracker = tracker;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 12);
        }

        void run() throws IOException {
            write("NICK " + nick + "\r\nUSER " + nick + " 0 * :bench\r\n");
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[1 << 12];
            int start = 0;
            int end = 0;
            boolean joined = false;
            while (true) {
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    if (!joined) {
                        tracker.failed(nick, "closed before joining");
                    }
                    return;
                }
                end += n;
                int lineStart = start;
                for (int i = start; i < end; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (joined) {
                        if (startsWith(buf, lineStart, i, BLASTER)) {
                            tracker.message();
                        } else if (startsWith(buf, lineStart, i, PING)) {
                            write("PONG " + new String(buf, lineStart + 5, i - lineStart - 5,
                                    StandardCharsets.UTF_8).trim() + "\r\n");
                        }
                    } else {
                        String line = new String(buf, lineStart, i - lineStart, StandardCharsets.UTF_8).trim();
                        joined = registration(line);
                    }
                    lineStart = i + 1;
                }
                System.arraycopy(buf, lineStart, buf, 0, end - lineStart);
                end -= lineStart;
                start = 0;
                if (end == buf.length) {
                    throw new IOException("line too long");
                }
            }
        }

        /** Handles one line before the join completed; true once it has. */
        private boolean registration(String line) throws IOException {
            String[] words = line.split(" ", 4);
            if (words[0].equals("PING")) {
                write("PONG " + (words.length > 1 ? words[1] : "") + "\r\n");
            } else if (words.length > 1) {
                switch (words[1]) {
                    case "001" -> {
                        tracker.registered(nick);
                        write("JOIN " + channel + "\r\n");
                    }
                    case "366" -> {
                        tracker.joined(nick);
                        return true;
                    }
                    case "433", "471", "473", "474", "475", "403", "405" -> tracker.failed(nick, line);
                    default -> {
                        // Registration burst and names: nothing to do.
                    }
                }
            }
            return false;
        }

        private static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
            if (to - from < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (buf[from + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        void send(String target, long count) {
            byte[] head = ("PRIVMSG " + target + " :raw message ").getBytes(StandardCharsets.UTF_8);
            lock.lock();
            try {
                for (long i = 0; i < count; i++) {
                    out.write(head);
                    out.write(Long.toString(i).getBytes(StandardCharsets.US_ASCII));
                    out.write('\r');
                    out.write('\n');
                }
                out.flush();
            } catch (IOException e) {
                tracker.failed(nick, "send: " + e);
            } finally {
                lock.unlock();
            }
        }

        void write(String text) throws IOException {
            lock.lock();
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } finally {
                lock.unlock();
            }
        }

        void quit() {
            try {
                write("QUIT :bye\r\n");
                socket.shutdownOutput();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }
}
