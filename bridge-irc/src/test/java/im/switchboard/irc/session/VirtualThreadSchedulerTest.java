package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The production scheduler: tasks run on virtual threads; a cancelled task never runs. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VirtualThreadSchedulerTest {

    @Test
    void runsOnAVirtualThreadAndHonoursCancel() throws Exception {
        ReconnectScheduler scheduler = ReconnectScheduler.virtualThreads();
        AtomicInteger cancelledRuns = new AtomicInteger();
        ReconnectScheduler.Cancellable later = scheduler.schedule(Duration.ofMillis(200),
                cancelledRuns::incrementAndGet);
        later.cancel();
        CountDownLatch ran = new CountDownLatch(1);
        boolean[] virtual = new boolean[1];
        // scheduled after the cancelled one with a longer delay, so when it has run the other one would have too
        scheduler.schedule(Duration.ofMillis(400), () -> {
            virtual[0] = Thread.currentThread().isVirtual();
            ran.countDown();
        });
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertTrue(virtual[0]);
        assertEquals(0, cancelledRuns.get());
    }
}
