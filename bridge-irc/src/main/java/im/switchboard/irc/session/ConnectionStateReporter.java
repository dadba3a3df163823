package im.switchboard.irc.session;

import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.XmppSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the user's gateway presence says (XEP-0100 section 4.5), derived from all their server links.
 *
 * <p>One IRC session holds several independent connections (one per server), while the core knows one state
 * per session. The rule: the session is {@code CONNECTED} as long as at least one wanted link works, or no
 * link is wanted at all (connections open on demand, so an idle session is ready). When every wanted link is
 * down it is {@code DISCONNECTED} while at least one of them is reconnecting, {@code FAILED} when all of them
 * gave up (refused credentials): the user's next presence then starts afresh. A single link that drops while
 * others work is told to the user by its server's messages and the rooms' occupant presences, not here.
 *
 * <p>Thread-safe: links report from their reader and reconnect threads; reports are queued under the lock so
 * they keep their order, and handed to the sink after it is released ({@link FactQueue}).
 */
final class ConnectionStateReporter {

    /** How one link stands. */
    enum LinkState { UP, RETRYING, GAVE_UP }

    private final ReentrantLock lock = new ReentrantLock();
    /** Reports are queued under the lock (keeping their order) and delivered after it is released. */
    private final FactQueue sink;
    private final Map<String, LinkState> links = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private ConnectionState reported;
    private boolean closed;

    ConnectionStateReporter(XmppSink sink) {
        this.sink = new FactQueue(sink);
    }

    /** The session is ready: reports CONNECTED (or what the links say, if any reported already). */
    void started() {
        update(() -> { });
    }

    /** {@code host}'s link is in {@code state}; {@code detail} says why, for the user. */
    void link(String host, LinkState state, String detail) {
        update(() -> {
            links.put(host, state);
            details.put(host, detail);
        });
    }

    /** {@code host}'s link is no longer wanted (closed on purpose, or an on-demand open that failed). */
    void forget(String host) {
        update(() -> {
            links.remove(host);
            details.remove(host);
        });
    }

    /** No more reports: the session closed. */
    void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            change.run();
            ConnectionState state = aggregate();
            if (state != reported) {
                reported = state;
                sink.connectionStateChanged(state, state == ConnectionState.CONNECTED ? "" : detail());
            }
        } finally {
            lock.unlock();
            // The sink may wait for the user's mailbox: never under the lock, which the user's actor takes too.
            sink.deliverIfFree();
        }
    }

    private ConnectionState aggregate() {
        if (links.isEmpty() || links.containsValue(LinkState.UP)) {
            return ConnectionState.CONNECTED;
        }
        return links.containsValue(LinkState.RETRYING) ? ConnectionState.DISCONNECTED : ConnectionState.FAILED;
    }

    private String detail() {
        StringBuilder out = new StringBuilder();
        details.forEach((host, text) -> {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(host).append(": ").append(text);
        });
        return out.toString();
    }
}
