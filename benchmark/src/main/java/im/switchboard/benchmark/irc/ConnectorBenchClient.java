package im.switchboard.benchmark.irc;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.irc.connection.IrcConnectRequest;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.connection.IrcConnectionListener;
import im.switchboard.irc.connection.IrcConnector;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.irc.message.IrcMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The gateway's own connection code ({@link IrcConnector}/{@link IrcConnection}) as a benchmark client: each
 * connection is opened on its own virtual thread ({@code open} blocks until RPL_WELCOME), then JOINs its
 * channel; joined means RPL_ENDOFNAMES (366) for that channel reached the listener.
 */
public final class ConnectorBenchClient implements BenchClient {

    /** How long a sender waits when its connection's send queue is full. */
    private static final Duration QUEUE_FULL_PAUSE = Duration.ofMillis(20);

    private final Function<Integer, IrcConnector> connectorForPort;
    private final List<IrcConnection> connections = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private IrcConnector connector;

    /** {@code connectorForPort} builds the connector once, for the policy of the first server started. */
    public ConnectorBenchClient(Function<Integer, IrcConnector> connectorForPort) {
        this.connectorForPort = connectorForPort;
    }

    /** The allow-list entry for a loopback benchmark server: plaintext, no throttle, no connection cap. */
    public static IrcServerPolicy policy(String host, int port) {
        return new IrcServerPolicy(host, port, false, Optional.empty(), 1_000_000, Duration.ZERO, 1_000_000);
    }

    @Override
    public void start(String host, int port, String nick, String channel, JoinTracker tracker) {
        Thread.ofVirtual().name("connector-" + nick).start(() -> {
            try {
                IrcConnector c = connector(port);
                IrcConnection connection = c.create(new IrcConnectRequest(nick + "@bench.example", policy(host, port),
                        nick, "bench", "benchmark user", Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
                connections.add(connection);
                connection.open(new Listener(nick, channel, tracker));
                tracker.registered(nick);
                connection.send(IrcMessage.of("JOIN", channel));
            } catch (LegacyException | RuntimeException e) {
                tracker.failed(nick, e.toString());
            }
        });
    }

    private IrcConnector connector(int port) {
        lock.lock();
        try {
            if (connector == null) {
                connector = connectorForPort.apply(port);
            }
            return connector;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sendMessages(String target, long count) {
        List<Thread> writers = new CopyOnWriteArrayList<>();
        for (IrcConnection connection : connections) {
            writers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (long i = 0; i < count; i++) {
                        IrcMessage line = IrcMessage.of("PRIVMSG", target, "connector message " + i);
                        while (!offered(connection, line)) {
                            // The send queue is bounded (THREATS I5): wait for the server's rate to drain some.
                            Thread.sleep(QUEUE_FULL_PAUSE);
                        }
                    }
                } catch (LegacyException e) {
                    // The count on the server side shows the shortfall.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
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

    /** Sends {@code line}; false when the connection's send queue is full (nothing was queued). */
    private static boolean offered(IrcConnection connection, IrcMessage line) throws LegacyException {
        try {
            connection.send(line);
            return true;
        } catch (RateLimitedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (IrcConnection connection : connections) {
            connection.close("bye");
        }
    }

    private record Listener(String nick, String channel, JoinTracker tracker)
            implements IrcConnectionListener {

        @Override
        public void onMessage(IrcMessage message) {
            switch (message.command()) {
                case "366" -> {
                    if (message.param(1).filter(channel::equalsIgnoreCase).isPresent()) {
                        tracker.joined(nick);
                    }
                }
                case "PRIVMSG" -> tracker.message();
                default -> {
                    // Registration burst, names, topic: not counted.
                }
            }
        }

        @Override
        public void closed(String reason, boolean requested) {
            tracker.failed(nick, "closed: " + reason);
        }
    }
}
