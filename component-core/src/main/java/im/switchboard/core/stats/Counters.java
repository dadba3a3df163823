package im.switchboard.core.stats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link GatewayStatistics}. Thread-safe. */
public final class Counters {

    private final AtomicInteger usersOnline = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private final LongAdder messagesToLegacy = new LongAdder();
    private final LongAdder messagesToXmpp = new LongAdder();
    private final LongAdder errorsSent = new LongAdder();
    private final LongAdder refusedFull = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public void userOnline() {
        usersOnline.incrementAndGet();
    }

    public void userOffline() {
        usersOnline.decrementAndGet();
    }

    public void sessionOpened() {
        sessions.incrementAndGet();
    }

    public void sessionClosed() {
        sessions.decrementAndGet();
    }

    public void messageToLegacy() {
        messagesToLegacy.increment();
    }

    public void messageToXmpp() {
        messagesToXmpp.increment();
    }

    public void errorSent() {
        errorsSent.increment();
    }

    public void refusedFull() {
        refusedFull.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    /** A consistent-enough snapshot (each counter is read once). */
    public GatewayStatistics snapshot() {
        return new GatewayStatistics(usersOnline.get(), sessions.get(), messagesToLegacy.sum(),
                messagesToXmpp.sum(), errorsSent.sum(), refusedFull.sum(), dropped.sum());
    }
}
