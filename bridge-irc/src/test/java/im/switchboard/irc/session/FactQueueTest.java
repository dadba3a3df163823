package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.irc.address.IrcAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FactQueue}: order, a failing sink costs one fact (I7), and no fact is left behind between threads. */
@Timeout(10)
class FactQueueTest {

    private static final IrcAddress.User JULIET = new IrcAddress.User("irc.example.net", "juliet");

    private static IncomingMessage said(String body) {
        return IncomingMessage.of(JULIET, body);
    }

    private static List<String> bodies(RecordingSink sink) {
        return sink.take().stream().map(f -> ((RecordingSink.Message) f).message().body()).toList();
    }

    @Test
    void factsAreDeliveredInOrderAndAFailingOneCostsOnlyItself() {
        RecordingSink sink = new RecordingSink() {
            @Override
            public void messageReceived(IncomingMessage message) {
                if (message.body().equals("poison")) {
                    throw new IllegalStateException("the sink failed");
                }
                super.messageReceived(message);
            }
        };
        FactQueue queue = new FactQueue(sink);
        for (String body : List.of("one", "poison", "two", "three")) {
            queue.messageReceived(said(body));
        }
        assertEquals(List.of(), sink.take(), "nothing before a delivery");
        queue.deliver();
        assertEquals(List.of("one", "two", "three"), bodies(sink));
    }

    @Test
    void aFactQueuedWhileAnotherThreadDeliversIsDeliveredByThatThread() throws Exception {
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink() {
            @Override
            public void messageReceived(IncomingMessage message) {
                super.messageReceived(message);
                if (message.body().equals("first")) {
                    inSink.countDown();
                    await(release);
                }
            }
        };
        FactQueue queue = new FactQueue(sink);
        queue.messageReceived(said("first"));
        Thread reader = Thread.ofVirtual().start(queue::deliver);
        assertTrue(inSink.await(5, TimeUnit.SECONDS));
        // The actor's side: queues and never waits for the reader, which is blocked in the sink.
        Thread actor = Thread.ofVirtual().start(() -> {
            queue.messageReceived(said("second"));
            queue.deliverIfFree();
        });
        actor.join();
        assertEquals(List.of("first"), bodies(sink), "the actor returned without delivering");
        release.countDown();
        reader.join();
        assertEquals(List.of("second"), bodies(sink), "the reader delivered what the actor queued");
    }

    @Test
    void anErrorInTheSinkReleasesTheDeliveryForOtherThreads() throws Exception {
        RecordingSink sink = new RecordingSink() {
            @Override
            public void messageReceived(IncomingMessage message) {
                if (message.body().equals("fatal")) {
                    throw new AssertionError("an Error, not an exception");
                }
                super.messageReceived(message);
            }
        };
        FactQueue queue = new FactQueue(sink);
        queue.messageReceived(said("fatal"));
        assertThrows(AssertionError.class, queue::deliver);
        queue.messageReceived(said("after"));
        // Another thread: a lock left held by this one would make its deliverIfFree return without delivering.
        Thread other = Thread.ofVirtual().start(queue::deliverIfFree);
        other.join();
        assertEquals(List.of("after"), bodies(sink));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
