package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.room;
import static im.switchboard.irc.session.TranslatorHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.session.RecordingSink.Message;
import im.switchboard.irc.session.RecordingSink.RoomMsg;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reflections of the user's own room messages (XEP-0045 section 7.4): I2 (what was sent), I10 (echoes). */
@Timeout(10)
class IrcEventTranslatorReflectionTest {

    private static RoomMsg reflection(String body, String id) {
        return new RoomMsg(new RoomMessage(room("#Verona"), "romeo", body, Optional.empty(), Optional.empty(),
                Optional.of(id)));
    }

    @Test
    void withoutEchoMessageEachSentLineIsReflectedAtOnce() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        // One XMPP message split into two lines (I2): two reflections, each with the exact text sent.
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "first line"), "stanza-1");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "second line"), "stanza-1");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "\u0001ACTION waves\u0001"), "stanza-2");
        h.translator.sentLine(IrcMessage.of("NOTICE", "#verona", "heads up"), "stanza-3");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "juliet", "private"), "stanza-4");
        h.translator.sentLine(IrcMessage.of("TOPIC", "#verona", "topic"), "stanza-5");
        assertEquals(List.of(reflection("first line", "stanza-1"), reflection("second line", "stanza-1"),
                reflection("/me waves", "stanza-2"), reflection("[notice] heads up", "stanza-3")), h.sink.take());
    }

    @Test
    void withEchoMessageTheEchoIsTheReflectionInOrderAndOnlyOnce() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message", "server-time").inVerona();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "one"), "s1");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "two"), "s2");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#mantua", "elsewhere"), "s3");
        assertEquals(List.of(), h.sink.take(), "nothing before the echo");
        h.lines("@time=2026-01-01T00:00:01Z :romeo!r@h PRIVMSG #Verona :one",
                ":juliet!j@h PRIVMSG #Verona :between",
                ":romeo!r@h PRIVMSG #VERONA :two",
                ":romeo!r@h PRIVMSG #Verona :not sent by the session");
        assertEquals(List.of(
                new RoomMsg(new RoomMessage(room("#Verona"), "romeo", "one",
                        Optional.of(Instant.parse("2026-01-01T00:00:01Z")), Optional.empty(), Optional.of("s1"))),
                new RoomMsg(new RoomMessage(room("#Verona"), "juliet", "between", Optional.empty(),
                        Optional.empty(), Optional.empty())),
                reflection("two", "s2")),
                h.sink.take(), "the echo of a line nobody reported is held a moment");
        h.clock.advance(Duration.ofSeconds(3));
        h.lines(":juliet!j@h PRIVMSG #Verona :later");
        assertEquals(List.of(
                new RoomMsg(new RoomMessage(room("#Verona"), "romeo", "not sent by the session", Optional.empty(),
                        Optional.empty(), Optional.empty())),
                new RoomMsg(new RoomMessage(room("#Verona"), "juliet", "later", Optional.empty(),
                        Optional.empty(), Optional.empty()))),
                h.sink.take(), "then shown as said, once");
    }

    @Test
    void anEchoReadBeforeItsLineWasReportedIsStillItsReflection() {
        // On loopback the echo can overtake the session's sentLine call.
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
        h.lines(":romeo!r@h PRIVMSG #Verona :fast", ":romeo!r@h PRIVMSG #Verona :faster");
        assertEquals(List.of(), h.sink.take());
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "fast"), "s1");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "faster"), "s2");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "normal"), "s3");
        h.lines(":romeo!r@h PRIVMSG #Verona :normal");
        assertEquals(List.of(reflection("fast", "s1"), reflection("faster", "s2"), reflection("normal", "s3")),
                h.sink.take());
    }

    @Test
    void theEchoOfARawLineIsNotTakenForTheNextReportedLine() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
        h.lines(":romeo!r@h PRIVMSG #Verona :typed as a raw command");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "from XMPP"), "s1");
        assertEquals(List.of(new RoomMsg(new RoomMessage(room("#Verona"), "romeo", "typed as a raw command",
                Optional.empty(), Optional.empty(), Optional.empty()))), h.sink.take());
        h.lines(":romeo!r@h PRIVMSG #Verona :from XMPP");
        assertEquals(List.of(reflection("from XMPP", "s1")), h.sink.take());
    }

    @Test
    void heldEchoesAreShownBeforeTheConnectionLossIsReported() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
        h.lines(":romeo!r@h PRIVMSG #Verona :last words");
        h.translator.connectionLost("gone");
        List<Object> events = h.sink.take();
        assertEquals(new RoomMsg(new RoomMessage(room("#Verona"), "romeo", "last words", Optional.empty(),
                Optional.empty(), Optional.empty())), events.get(0));
        assertEquals(RecordingSink.Left.class, events.get(1).getClass());
    }

    @Test
    void aRefusedLineDoesNotShiftTheFollowingReflections() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "refused"), "s1");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "accepted"), "s2");
        h.lines(":s 404 romeo #Verona :Cannot send to channel", ":romeo!r@h PRIVMSG #Verona :accepted");
        assertEquals(List.of(
                new Message(IncomingMessage.of(server(), "#Verona: Cannot send to channel")),
                reflection("accepted", "s2")), h.sink.take());
    }

    @Test
    void historyBatchesNeverConsumeAPendingEcho() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message", "batch").inVerona();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "now"), "s1");
        h.lines(":s BATCH +h1 chathistory #Verona",
                "@batch=h1;time=2025-12-31T23:00:00Z;msgid=old1 :romeo!r@h PRIVMSG #Verona :earlier",
                ":s BATCH -h1",
                ":romeo!r@h PRIVMSG #Verona :now");
        assertEquals(List.of(
                new RoomMsg(new RoomMessage(room("#Verona"), "romeo", "earlier",
                        Optional.of(Instant.parse("2025-12-31T23:00:00Z")), Optional.of("old1"), Optional.empty())),
                reflection("now", "s1")), h.sink.take());
    }

    @Test
    void ownPrivateMessageEchoesAreNotShown() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
        h.lines(":romeo!r@h PRIVMSG juliet :hi", ":romeo!r@h PRIVMSG romeo :note to self");
        assertEquals(List.of(), h.sink.take());
    }

    @Test
    void aConnectionLossForgetsPendingEchoes() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "lost"), "s1");
        h.translator.connectionLost("gone");
        h.sink.take();
        h.translator.registered("romeo");
        h.translator.expectJoin("#verona", "romeo");
        h.lines(":romeo!r@h JOIN #Verona", ":s 366 romeo #Verona :End", ":romeo!r@h PRIVMSG #Verona :fresh");
        h.clock.advance(Duration.ofSeconds(3));
        h.lines("PING :tick");
        List<Object> events = h.sink.take();
        assertEquals(2, events.size());
        assertEquals(new RoomMsg(new RoomMessage(room("#Verona"), "romeo", "fresh", Optional.empty(),
                Optional.empty(), Optional.empty())), events.get(1), "the id of a line sent before the loss is unused");
    }
}
