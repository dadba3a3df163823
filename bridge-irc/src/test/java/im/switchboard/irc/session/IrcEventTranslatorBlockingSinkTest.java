package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.session.ConnectionStateReporter.LinkState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The core's sink may block (it waits for room in the user's mailbox, which the user's actor empties). While it
 * blocks on the reader thread, the actor's calls into the translator and the state reporter must not wait for it,
 * or the reader waits for the actor and the actor for the reader until the backpressure timeout drops the fact.
 */
@Timeout(30)
class IrcEventTranslatorBlockingSinkTest {

    /** Blocks the first fact it is armed for until the "actor" is done, as a full mailbox would. */
    static final class BlockingSink extends RecordingSink {
        final CountDownLatch inSink = new CountDownLatch(1);
        final CountDownLatch actorDone = new CountDownLatch(1);
        final AtomicBoolean armed = new AtomicBoolean(true);
        volatile boolean releasedInTime;

        void block() {
            if (armed.getAndSet(false)) {
                inSink.countDown();
                try {
                    releasedInTime = actorDone.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void roomMessageReceived(RoomMessage message) {
            block();
            super.roomMessageReceived(message);
        }

        @Override
        public void connectionStateChanged(ConnectionState state, String detail) {
            block();
            super.connectionStateChanged(state, detail);
        }
    }

    @Test
    void theActorDoesNotWaitForAReaderBlockedInTheSink() throws Exception {
        BlockingSink sink = new BlockingSink();
        TranslatorHarness h = new TranslatorHarness();
        IrcEventTranslator translator = new IrcEventTranslator(TranslatorHarness.SERVER, sink, h.features::get,
                h.clock, IrcTextOptions.defaults(), r -> { });
        sink.armed.set(false);
        translator.registered("romeo");
        translator.expectJoin("#verona", "romeo");
        for (String line : List.of(":romeo!r@montague.lit JOIN #Verona",
                ":irc.example.net 353 romeo = #Verona :romeo @juliet",
                ":irc.example.net 366 romeo #Verona :End of /NAMES list.")) {
            translator.onMessage(TranslatorHarness.parse(line));
        }
        sink.take();
        sink.armed.set(true);

        Thread reader = Thread.ofVirtual().start(() ->
                translator.onMessage(TranslatorHarness.parse(":juliet!j@capulet.lit PRIVMSG #Verona :hello")));
        assertTrue(sink.inSink.await(5, TimeUnit.SECONDS), "the reader reached the sink");

        // The actor: a room message to send (isJoined), a second resource joining the room it is in already.
        Thread actor = Thread.ofVirtual().start(() -> {
            translator.isJoined("#verona");
            translator.occupantNick("#verona", "JULIET");
            translator.expectJoin("#verona", "romeo");
        });
        assertTrue(actor.join(Duration.ofSeconds(2)), "the actor's calls returned while the sink was blocked");
        sink.actorDone.countDown();
        assertTrue(reader.join(Duration.ofSeconds(5)), "the reader finished");
        assertTrue(sink.releasedInTime, "the sink was released by the actor, not by its timeout");

        // Order is kept: the message read first, then the room the actor's join reported.
        List<Object> events = sink.take();
        assertEquals(2, events.size(), events.toString());
        assertInstanceOf(RecordingSink.RoomMsg.class, events.get(0));
        assertInstanceOf(RecordingSink.Joined.class, events.get(1));
    }

    @Test
    void theStateReporterDoesNotHoldItsLockWhileTheSinkBlocks() throws Exception {
        BlockingSink sink = new BlockingSink();
        ConnectionStateReporter states = new ConnectionStateReporter(sink);
        sink.armed.set(false);
        states.started();
        states.link("irc.example.net", LinkState.UP, "");
        sink.take();
        sink.armed.set(true);

        Thread reader = Thread.ofVirtual().start(() ->
                states.link("irc.example.net", LinkState.RETRYING, "connection lost, retrying"));
        assertTrue(sink.inSink.await(5, TimeUnit.SECONDS), "the reader reached the sink");
        Thread actor = Thread.ofVirtual().start(() -> states.forget("irc.example.net"));
        assertTrue(actor.join(Duration.ofSeconds(2)), "the actor's report returned while the sink was blocked");
        sink.actorDone.countDown();
        assertTrue(reader.join(Duration.ofSeconds(5)), "the reader finished");
        assertTrue(sink.releasedInTime, "the sink was released by the actor, not by its timeout");
        assertEquals(List.of(new RecordingSink.State(ConnectionState.DISCONNECTED, "irc.example.net: connection "
                + "lost, retrying"), new RecordingSink.State(ConnectionState.CONNECTED, "")), sink.take());
    }
}
