package im.switchboard.irc.session;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.irc.connection.IrcConnectRequest;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.connection.IrcConnector;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A scripted {@link IrcConnector}: each {@link #create} makes a {@link FakeIrcConnection} whose {@code open}
 * succeeds, unless a failure was queued with {@link #failNextOpen}. Thread-safe.
 */
final class FakeIrcConnector implements IrcConnector {

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<LegacyException> failures = new ArrayDeque<>();
    private final List<IrcConnectRequest> requests = new CopyOnWriteArrayList<>();
    private final List<FakeIrcConnection> connections = new CopyOnWriteArrayList<>();
    private volatile boolean dropNextDuringOpen;
    private volatile FakeIrcConnection.Responder responder = (connection, message) -> { };

    /** The next opens fail with these, in order. */
    void failNextOpen(LegacyException... exceptions) {
        lock.lock();
        try {
            failures.addAll(List.of(exceptions));
        } finally {
            lock.unlock();
        }
    }

    /** The next connection is lost right after RPL_WELCOME, before its {@code open} returns. */
    void dropNextDuringOpen() {
        dropNextDuringOpen = true;
    }

    /** What each new connection's server answers to what is sent. */
    void respondWith(FakeIrcConnection.Responder answer) {
        this.responder = answer;
    }

    @Override
    public IrcConnection create(IrcConnectRequest request) {
        requests.add(request);
        LegacyException failure;
        lock.lock();
        try {
            failure = failures.poll();
        } finally {
            lock.unlock();
        }
        FakeIrcConnection connection = new FakeIrcConnection(request.nick(), failure, responder);
        if (dropNextDuringOpen) {
            dropNextDuringOpen = false;
            connection.dropDuringOpen();
        }
        connections.add(connection);
        return connection;
    }

    List<IrcConnectRequest> requests() {
        return List.copyOf(requests);
    }

    List<FakeIrcConnection> connections() {
        return List.copyOf(connections);
    }

    FakeIrcConnection last() {
        return connections.get(connections.size() - 1);
    }
}
