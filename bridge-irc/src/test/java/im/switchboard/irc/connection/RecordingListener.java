package im.switchboard.irc.connection;

import im.switchboard.irc.message.IrcMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records what a connection hands up, with the thread it came on. */
final class RecordingListener implements IrcConnectionListener {

    record Closed(String reason, boolean requested) {
    }

    final BlockingQueue<IrcMessage> messages = new LinkedBlockingQueue<>();
    final List<IrcMessage> all = new CopyOnWriteArrayList<>();
    final List<Closed> closed = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    private final CountDownLatch closedLatch = new CountDownLatch(1);

    @Override
    public void onMessage(IrcMessage message) {
        threads.add(Thread.currentThread().getName());
        all.add(message);
        messages.add(message);
    }

    @Override
    public void closed(String reason, boolean requested) {
        closed.add(new Closed(reason, requested));
        closedLatch.countDown();
    }

    IrcMessage await(Predicate<IrcMessage> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            IrcMessage m = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no matching message within " + timeout + "; got " + all);
            }
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    Closed awaitClosed(Duration timeout) throws InterruptedException {
        if (!closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("closed() not called within " + timeout);
        }
        return closed.get(0);
    }
}
