package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.room;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.irc.session.RecordingSink.Joined;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The user leaves a room and joins it again before the server's PART echo is read (XEP-0045 section 7.14, then
 * 7.2): the old membership ends on the server first, and the new join is answered by the JOIN sent for it; the
 * user is never told they left after they came back.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcEventTranslatorQuickRejoinTest {

    @Test
    void aJoinWhileOurPartIsOnItsWayWaitsForTheServer() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.translator.expectPart("#verona");
        assertTrue(h.translator.expectJoin("#verona", "romeo"), "a JOIN must be sent: the PART will take us out");
        assertEquals(List.of(), h.sink.take(), "not reported as joined before the server answers");

        h.lines(":romeo!r@montague.lit PART #Verona :bye");
        assertEquals(List.of(), h.sink.take(), "our PART echo does not throw the rejoining user out");
        assertFalse(h.translator.isJoined("#verona"));

        h.lines(":romeo!r@montague.lit JOIN #Verona",
                ":irc.example.net 353 romeo = #Verona :romeo @juliet",
                ":irc.example.net 366 romeo #Verona :End of /NAMES list.");
        List<Object> events = h.sink.take();
        assertEquals(1, events.size(), events.toString());
        assertEquals(room("#Verona"), assertInstanceOf(Joined.class, events.get(0)).snapshot().room());
        assertTrue(h.translator.isJoined("#verona"));
    }

    @Test
    void aJoinWhileOurPartOfAJoinStillOnItsWayIsAnsweredByTheSecondJoin() {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        assertTrue(h.translator.expectJoin("#v", "romeo"));
        h.translator.expectPart("#v");
        assertTrue(h.translator.expectJoin("#v", "romeo2"));
        h.lines(":romeo!r@h JOIN #v", ":s 353 romeo = #v :romeo", ":s 366 romeo #v :End", ":romeo!r@h PART #v",
                ":romeo!r@h JOIN #v", ":s 353 romeo = #v :romeo", ":s 366 romeo #v :End");
        List<Object> events = h.sink.take();
        assertEquals(1, events.size(), events.toString());
        assertTrue(assertInstanceOf(Joined.class, events.get(0)).snapshot().nickChangedByNetwork(),
                "the second join's requested nick is kept");
    }

    @Test
    void aJoinToARoomWeAreInIsReportedAtOnceWithoutAJoin() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        assertFalse(h.translator.expectJoin("#VERONA", "romeo"));
        assertInstanceOf(Joined.class, h.sink.take().get(0));
    }
}
