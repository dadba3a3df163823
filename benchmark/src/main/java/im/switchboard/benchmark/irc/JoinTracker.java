package im.switchboard.benchmark.irc;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, for one benchmark round, which client connections registered (RPL_WELCOME seen), which joined their
 * channel (own JOIN echoed and names list ended), which failed, and how many PRIVMSG lines they received.
 * Thread-safe: every client calls it from its own thread.
 */
public final class JoinTracker {

    private final int expected;
    private final CountDownLatch allJoined;
    private final CountDownLatch allSettled;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong firstFailure = new AtomicLong();
    private volatile String failureExample = "";
    private volatile CountDownLatch messageTarget = new CountDownLatch(0);
    private volatile long messageGoal = Long.MAX_VALUE;

    /** Permits for connections between connect and RPL_WELCOME; empty when unbounded. */
    private final Optional<Semaphore> connecting;

    public JoinTracker(int expected) {
        this(expected, Integer.MAX_VALUE);
    }

    /**
     * {@code maxConnecting} bounds the connections between TCP connect and RPL_WELCOME: {@link #beforeConnect}
     * blocks while that many are in flight (a server's accept queue is small: ngircd listens with a backlog of
     * 10).
     */
    public JoinTracker(int expected, int maxConnecting) {
        this.connecting = maxConnecting == Integer.MAX_VALUE ? Optional.empty()
                : Optional.of(new Semaphore(maxConnecting));
        this.expected = expected;
        this.allJoined = new CountDownLatch(expected);
        this.allSettled = new CountDownLatch(expected);
    }

    /** Blocks until fewer than the allowed number of connections are registering. */
    public void beforeConnect() throws InterruptedException {
        if (connecting.isPresent()) {
            connecting.get().acquire();
        }
    }

    public void registered(String nick) {
        if (registered.add(nick)) {
            connecting.ifPresent(Semaphore::release);
        }
    }

    public void joined(String nick) {
        if (joined.add(nick)) {
            allJoined.countDown();
            allSettled.countDown();
        }
    }

    public void failed(String nick, String why) {
        if (!joined.contains(nick) && failed.add(nick)) {
            if (!registered.contains(nick)) {
                connecting.ifPresent(Semaphore::release);
            }
            if (firstFailure.compareAndSet(0, 1)) {
                failureExample = nick + ": " + why;
            }
            allSettled.countDown();
        }
    }

    public void message() {
        if (messages.incrementAndGet() == messageGoal) {
            messageTarget.countDown();
        }
    }

    /** Resets the message counter; the returned latch opens once {@code count} more messages arrived. */
    public CountDownLatch expectMessages(long count) {
        CountDownLatch latch = new CountDownLatch(1);
        messages.set(0);
        messageGoal = count;
        messageTarget = latch;
        return latch;
    }

    /** Waits until every connection joined; false at the deadline (or as soon as every one joined or failed). */
    public boolean awaitAllJoined(long timeout, TimeUnit unit) throws InterruptedException {
        allSettled.await(timeout, unit);
        return allJoined.getCount() == 0;
    }

    public int expected() {
        return expected;
    }

    public int registeredCount() {
        return registered.size();
    }

    public int joinedCount() {
        return joined.size();
    }

    public int failedCount() {
        return failed.size();
    }

    public String failureExample() {
        return failureExample;
    }

    /** Nicks that registered but did not join (the "connected but never completed their JOIN" case). */
    public Set<String> stuck() {
        Set<String> result = ConcurrentHashMap.newKeySet();
        result.addAll(registered);
        result.removeAll(joined);
        return result;
    }
}
