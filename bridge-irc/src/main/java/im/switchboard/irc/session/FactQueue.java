package im.switchboard.irc.session;

import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.spi.XmppSink;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link XmppSink} that only queues facts, and delivers them to the real sink later, outside the caller's
 * state lock, in the order they were queued.
 *
 * <p>Why: the real sink may block (the core waits up to its backpressure timeout for room on the user's mailbox,
 * then drops the fact). A translator that called it under its state lock made the user's actor, which takes the
 * same lock ({@code isJoined} and the like), wait for the reader thread, while the reader thread waited for the
 * actor's mailbox: stalls of the whole timeout and lost facts. So the facts are queued under the state lock (which
 * keeps them in the order of their causes) and delivered after it is released.
 *
 * <p>Delivery order across threads: one thread at a time delivers, draining the queue from its head. The IRC
 * reader thread, the only producer that should feel backpressure, waits for its turn with {@link #deliver()};
 * the user's actor uses {@link #deliverIfFree()}, which never waits: when another thread is delivering, that
 * thread also delivers the facts the actor queued (it drains until the queue is empty). So the actor never waits
 * for the reader, and facts keep their order whoever delivers them.
 */
final class FactQueue implements XmppSink {

    private static final Logger LOG = LoggerFactory.getLogger(FactQueue.class);

    private final XmppSink target;
    private final Queue<Consumer<XmppSink>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();

    FactQueue(XmppSink target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Delivers every queued fact, waiting while another thread delivers (the reader thread: backpressure). */
    void deliver() {
        delivering.lock();
        drainAndUnlock();
    }

    /** Delivers the queued facts unless another thread is delivering, which then delivers them too; never waits. */
    void deliverIfFree() {
        if (delivering.tryLock()) {
            drainAndUnlock();
        }
    }

    /**
     * The one delivery loop; called holding {@link #delivering}, returns having released it. When the queue looks
     * empty the lock is released and, if a fact arrived meanwhile, taken again: a producer that queued after our
     * last poll and found the lock held left its fact to us, so we may not leave it behind.
     */
    private void drainAndUnlock() {
        boolean holding = true;
        try {
            while (holding) {
                Consumer<XmppSink> fact = queue.poll();
                if (fact != null) {
                    deliverOne(fact);
                } else {
                    delivering.unlock();
                    holding = !queue.isEmpty() && delivering.tryLock();
                }
            }
        } finally {
            if (holding) {
                // Only an Error thrown by the sink gets here with the lock held.
                delivering.unlock();
            }
        }
    }

    private void deliverOne(Consumer<XmppSink> fact) {
        try {
            fact.accept(target);
        } catch (RuntimeException e) {
            // I7: a failing sink costs that fact only, never the reader thread or the facts after it.
            LOG.warn("a fact could not be delivered: {}", e.toString());
        }
    }

    @Override
    public void messageReceived(IncomingMessage message) {
        queue.add(s -> s.messageReceived(message));
    }

    @Override
    public void chatStateChanged(LegacyAddress from, ChatState state) {
        queue.add(s -> s.chatStateChanged(from, state));
    }

    @Override
    public void delivered(LegacyAddress to, String messageId) {
        queue.add(s -> s.delivered(to, messageId));
    }

    @Override
    public void roomJoined(RoomSnapshot snapshot) {
        queue.add(s -> s.roomJoined(snapshot));
    }

    @Override
    public void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        queue.add(s -> s.roomJoinFailed(room, nick, failure, text));
    }

    @Override
    public void roomRedirected(LegacyAddress room, String nick, LegacyAddress to, String text) {
        queue.add(s -> s.roomRedirected(room, nick, to, text));
    }

    @Override
    public void occupantJoined(LegacyAddress room, Occupant occupant) {
        queue.add(s -> s.occupantJoined(room, occupant));
    }

    @Override
    public void occupantChanged(LegacyAddress room, Occupant occupant) {
        queue.add(s -> s.occupantChanged(room, occupant));
    }

    @Override
    public void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        queue.add(s -> s.occupantRenamed(room, oldNick, newNick));
    }

    @Override
    public void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        queue.add(s -> s.occupantLeft(room, nick, departure));
    }

    @Override
    public void roomMessageReceived(RoomMessage message) {
        queue.add(s -> s.roomMessageReceived(message));
    }

    @Override
    public void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        queue.add(s -> s.subjectChanged(room, nick, subject));
    }

    @Override
    public void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        queue.add(s -> s.invitationReceived(room, from, reason));
    }

    @Override
    public void connectionStateChanged(ConnectionState state, String detail) {
        queue.add(s -> s.connectionStateChanged(state, detail));
    }
}
