package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-user actor: order, bound (THREATS X11), idle threads end and come back without losing order. */
@Timeout(30)
class UserActorTest {

    @Test
    void aTaskPostedFromTheActorItselfRunsRightAfterItEvenWhenTheMailboxIsFull() throws Exception {
        // A bridge that reports a fact while the actor calls it (a join answered at once) must neither deadlock
        // on its own full mailbox nor let queued work overtake the fact.
        UserActor actor = new UserActor("romeo@montague.lit", 2, Duration.ofSeconds(5));
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        assertTrue(actor.offer(() -> {
            try {
                started.countDown();
                assertTrue(release.await(10, TimeUnit.SECONDS));
                assertTrue(actor.post(() -> seen.add("fact"), Duration.ofSeconds(30)));
                seen.add("first");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        // The first task is running (out of the mailbox): two more fill the mailbox of two.
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(actor.offer(() -> seen.add("queued")));
        assertTrue(actor.offer(done::countDown));
        assertFalse(actor.offer(() -> seen.add("overflow")), "the mailbox is full");
        release.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "fact", "queued"), seen);
    }

    @Test
    void tasksRunInOrderAcrossIdleRestarts() throws Exception {
        UserActor actor = new UserActor("romeo@montague.lit", 10_000, Duration.ofMillis(1));
        List<Integer> seen = new ArrayList<>();
        int n = 5_000;
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            int value = i;
            if (i % 500 == 0) {
                // Let the thread go idle now and then so that the restart path is taken.
                CountDownLatch drained = new CountDownLatch(1);
                assertTrue(actor.offer(drained::countDown));
                assertTrue(drained.await(10, TimeUnit.SECONDS));
                awaitIdle(actor);
            }
            assertTrue(actor.offer(() -> seen.add(value)));
        }
        assertTrue(actor.offer(done::countDown));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(n, seen.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void anErrorFromATaskDoesNotStopTheActor() throws Exception {
        UserActor actor = new UserActor("romeo@montague.lit", 10, Duration.ofSeconds(10));
        CountDownLatch after = new CountDownLatch(1);
        assertTrue(actor.offer(() -> {
            // What bridge code can throw: a failed static initialiser.
            throw new ExceptionInInitializerError("bridge class failed to load");
        }));
        assertTrue(actor.offer(after::countDown));
        assertTrue(after.await(10, TimeUnit.SECONDS), "the task after the Error never ran");
    }

    @Test
    void aFullMailboxRefusesWithoutBlocking() throws Exception {
        UserActor actor = new UserActor("romeo@montague.lit", 2, Duration.ofSeconds(10));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        assertTrue(actor.offer(() -> {
            started.countDown();
            awaitQuietly(release);
        }));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(actor.offer(() -> { }));
        assertTrue(actor.offer(() -> { }));
        assertFalse(actor.offer(() -> { }), "third waiting task exceeds the bound of 2");
        release.countDown();
    }

    @Test
    void anIdleActorEndsItsThread() throws Exception {
        UserActor actor = new UserActor("romeo@montague.lit", 4, Duration.ofMillis(20));
        CountDownLatch ran = new CountDownLatch(1);
        assertTrue(actor.offer(ran::countDown));
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        awaitIdle(actor);
        assertFalse(actor.isRunning());
    }

    @Test
    void aFailingTaskDoesNotStopTheActor() throws Exception {
        UserActor actor = new UserActor("romeo@montague.lit", 4, Duration.ofSeconds(10));
        CountDownLatch after = new CountDownLatch(1);
        assertTrue(actor.offer(() -> {
            throw new IllegalStateException("boom");
        }));
        assertTrue(actor.offer(after::countDown));
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    private static void awaitIdle(UserActor actor) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (actor.isRunning()) {
            assertTrue(System.nanoTime() < deadline, "actor did not go idle");
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
