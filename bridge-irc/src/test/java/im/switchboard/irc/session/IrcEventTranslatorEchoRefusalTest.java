package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.room;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.session.RecordingSink.RoomMsg;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * THREATS I10 with IRCv3 {@code echo-message}: a line the server refuses or drops has no echo, and must not lend
 * its stanza id to the next line's echo (XEP-0045 section 7.4: the reflection carries the id of its own stanza).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcEventTranslatorEchoRefusalTest {

    private static RoomMsg reflection(String body, String id) {
        return new RoomMsg(new RoomMessage(room("#Verona"), "romeo", body, Optional.empty(), Optional.empty(),
                Optional.of(id)));
    }

    private static RoomMsg said(String nick, String body) {
        return new RoomMsg(new RoomMessage(room("#Verona"), nick, body, Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    private static TranslatorHarness echoing() {
        return new TranslatorHarness().features(Map.of(), "echo-message").inVerona();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ":irc.example.net 404 romeo #Verona :Cannot send to channel",
        ":irc.example.net 408 romeo #Verona :You cannot use control codes on this channel",
        ":irc.example.net 477 romeo #Verona :You need a registered nick to speak",
        ":irc.example.net 489 romeo #Verona :Cannot send to channel (TLS only)",
        ":irc.example.net 492 romeo #Verona :Cannot send CTCP to channel",
        "FAIL PRIVMSG CANNOT_SEND #Verona :Cannot send to channel"})
    void aRefusedLineDoesNotLendItsIdToTheNextEcho(String refusal) {
        TranslatorHarness h = echoing();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "refused"), "s1");
        h.lines(refusal);
        h.sink.take();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "accepted"), "s2");
        h.lines(":romeo!r@h PRIVMSG #Verona :accepted");
        assertEquals(List.of(reflection("accepted", "s2")), h.sink.take());
    }

    @Test
    void aLineDroppedSilentlyIsSkippedByTheNextEchoWithAnotherText() {
        TranslatorHarness h = echoing();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "flooded away"), "s1");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "got through"), "s2");
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "got through"), "s3");
        h.lines(":romeo!r@h PRIVMSG #Verona :got through", ":romeo!r@h PRIVMSG #Verona :got through");
        assertEquals(List.of(reflection("got through", "s2"), reflection("got through", "s3")), h.sink.take(),
                "equal texts are matched first in first out");
    }

    @Test
    void aLineNeverEchoedIsReleasedAfterAWhile() {
        TranslatorHarness h = echoing();
        h.translator.sentLine(IrcMessage.of("PRIVMSG", "#verona", "lost"), "s1");
        h.clock.advance(Duration.ofSeconds(11));
        h.lines(":juliet!j@h PRIVMSG #Verona :hm?");
        // An echo this late is not taken for the reflection: held, then shown as said.
        h.lines(":romeo!r@h PRIVMSG #Verona :lost");
        h.clock.advance(Duration.ofSeconds(3));
        h.lines(":juliet!j@h PRIVMSG #Verona :ok");
        assertEquals(List.of(said("juliet", "hm?"), said("romeo", "lost"), said("juliet", "ok")), h.sink.take());
    }
}
