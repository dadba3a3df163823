package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcParseResult;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** I7: odd and short lines are skipped, never thrown, and the state stays usable. */
@Timeout(10)
class IrcEventTranslatorOddLinesTest {

    /** Lines with missing parameters, missing sources, unknown targets, broken tags and numbers. */
    private static final List<String> CORPUS = List.of(
            "JOIN", ":x JOIN", "PART", ":x!y@z PART", "QUIT", "KICK #Verona", ":x!y@z KICK", ":x!y@z KICK #Verona",
            "NICK", ":x!y@z NICK", "TOPIC #Verona :t", ":x!y@z TOPIC", "MODE", ":x!y@z MODE #Verona",
            ":x!y@z MODE #Verona +o", ":x!y@z MODE #Verona +ooo juliet", ":x!y@z MODE #Verona +b",
            ":x!y@z MODE #Verona +kl", ":x!y@z MODE #Verona +@&%", ":x!y@z MODE romeo +i", "PRIVMSG",
            "PRIVMSG #Verona :no source", ":x!y@z PRIVMSG", ":x!y@z PRIVMSG #Verona", ":x!y@z PRIVMSG romeo",
            ":x!y@z PRIVMSG  :", ":x!y@z PRIVMSG @ :lonely statusmsg", ":x!y@z NOTICE",
            ":x!y@z PRIVMSG #Verona :\u0001", ":x!y@z PRIVMSG romeo :\u0001\u0001",
            ":x!y@z PRIVMSG romeo :\u0001 \u0001",
            "INVITE", ":x!y@z INVITE romeo", "AWAY", ":x!y@z ACCOUNT", ":x!y@z CHGHOST", ":x!y@z CHGHOST u",
            ":x!y@z SETNAME", "BATCH", ":s BATCH", ":s BATCH x", "@batch=nope :x!y@z PRIVMSG #Verona :in no batch",
            "@time=garbage :juliet!j@h PRIVMSG #Verona :bad time", "@time= :juliet!j@h PRIVMSG #Verona :empty time",
            ":s 001", ":s 005", ":s 005 romeo", ":s 005 romeo PREFIX=(ov @+ CHANMODES=x :are supported",
            ":s 005 romeo -PREFIX -CASEMAPPING :are supported", ":s 005 romeo PREFIX=(qaohv)~&@%+ :ok",
            ":s 331", ":s 332", ":s 332 romeo", ":s 332 romeo #nowhere :t", ":s 333 romeo #Verona",
            ":s 333 romeo #Verona juliet notanumber", ":s 333 romeo #Verona juliet 99999999999999999999",
            ":s 333 romeo #Verona juliet 9223372036854775807", ":s 353", ":s 353 romeo", ":s 353 romeo =",
            ":s 353 romeo = #Verona", ":s 353 romeo = #Verona :", ":s 353 romeo = #Verona :@ + !@",
            ":s 353 romeo #Verona :old-style", ":s 366", ":s 366 romeo", ":s 366 romeo #nowhere :End", ":s 367",
            ":s 372", ":s 376", ":s 404", ":s 442", ":s 442 romeo #nowhere :not on it", ":s 471", ":s 433",
            ":s 401", ":s 999 romeo :unknown numeric", ":s 311 romeo", "FOO bar", ":s CAP * LS :sasl",
            ":s 324 romeo", ":s 324 romeo #Verona", ":s 329 romeo #Verona", ":s 352", ":s 352 romeo #Verona j h s",
            ":s 352 romeo #Verona j h s juliet", ":s 354 romeo 152", ":s 354 romeo 152 #Verona j h juliet G@",
            ":s 301", ":s 301 romeo", ":s 330 romeo juliet", ":s 318", ":s 318 romeo", ":s 315",
            "ERROR :Closing link");

    @Test
    void theCorpusNeverThrowsAndTheStateStaysUsable() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        for (String line : CORPUS) {
            IrcParseResult r = IrcMessageParser.parse(line);
            if (r instanceof IrcParseResult.Parsed p) {
                assertDoesNotThrow(() -> h.translator.onMessage(p.message()), line);
            }
        }
        h.sink.take();
        assertTrue(h.translator.isJoined("#Verona"));
        h.lines(":juliet!j@h PRIVMSG #Verona :still here");
        assertEquals(List.of(new RecordingSink.RoomMsg(new RoomMessage(TranslatorHarness.room("#Verona"), "juliet",
                "still here", Optional.empty(), Optional.empty(), Optional.empty()))), h.sink.take());
    }

    @Test
    void messagesWithoutParametersBuiltByHandAreSkippedToo() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        for (String command : List.of("JOIN", "PART", "KICK", "NICK", "MODE", "TOPIC", "PRIVMSG", "NOTICE",
                "INVITE", "AWAY", "ACCOUNT", "CHGHOST", "BATCH", "353", "366", "332", "333", "324", "471", "433",
                "352", "354", "311", "301", "330", "318")) {
            assertDoesNotThrow(() -> h.translator.onMessage(IrcMessage.of(command)), command);
        }
        assertTrue(h.translator.isJoined("#Verona"));
    }

    @Test
    void aFailingSinkCostsOneLine() {
        FailingSink sink = new FailingSink();
        IrcEventTranslator t = new IrcEventTranslator(TranslatorHarness.SERVER, sink,
                () -> new ServerFeatures(Map.of(), Set.of()), Clock.systemUTC());
        t.registered("romeo");
        assertDoesNotThrow(() -> t.onMessage(TranslatorHarness.parse(":s NOTICE romeo :boom")));
        t.onMessage(TranslatorHarness.parse(":romeo!r@h JOIN #v"));
        t.onMessage(TranslatorHarness.parse(":s 366 romeo #v :End"));
        assertEquals(1, sink.events.size(), "the lines after the failure are handled");
        assertTrue(t.isJoined("#v"));
    }

    /** A sink whose messageReceived fails. */
    private static final class FailingSink extends RecordingSink {
        @Override
        public void messageReceived(IncomingMessage message) {
            throw new IllegalStateException("sink down");
        }
    }
}
