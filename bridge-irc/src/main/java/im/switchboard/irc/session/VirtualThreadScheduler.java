package im.switchboard.irc.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One virtual thread per task; a parked virtual thread costs a few hundred bytes, not a platform thread. */
final class VirtualThreadScheduler implements ReconnectScheduler {

    static final VirtualThreadScheduler INSTANCE = new VirtualThreadScheduler();

    private static final Logger LOG = LoggerFactory.getLogger(VirtualThreadScheduler.class);

    private VirtualThreadScheduler() {
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread thread = Thread.ofVirtual().name("irc-reconnect").start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return; // cancelled while waiting
            }
            if (!cancelled.get()) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("A scheduled IRC task failed", e);
                }
            }
        });
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                thread.interrupt();
            }
        };
    }
}
