package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.occupant;
import static im.switchboard.irc.session.TranslatorHarness.participant;
import static im.switchboard.irc.session.TranslatorHarness.room;
import static im.switchboard.irc.session.TranslatorHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.irc.session.RecordingSink.JoinFailed;
import im.switchboard.irc.session.RecordingSink.Joined;
import im.switchboard.irc.session.RecordingSink.Left;
import im.switchboard.irc.session.RecordingSink.Message;
import im.switchboard.irc.session.RecordingSink.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Entering and leaving rooms: XEP-0045 sections 7.2.3 (snapshot once), 7.2 errors, 7.14, and I9 (reconnect). */
@Timeout(10)
class IrcEventTranslatorJoinTest {

    @Test
    void theRoomIsReportedOnceWhenNamesAndTopicAreComplete() {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        h.translator.expectJoin("#verona", "romeo");
        h.lines(":romeo!r@montague.lit JOIN #Verona",
                ":irc.example.net 332 romeo #Verona :Fair \u0002Verona\u0002",
                ":irc.example.net 333 romeo #Verona juliet!j@capulet.lit 1700000000",
                ":irc.example.net 353 romeo = #Verona :romeo @juliet +nurse ~capulet",
                ":irc.example.net 353 romeo = #Verona :%tybalt &paris benvolio");
        assertEquals(List.of(), h.sink.events, "nothing before RPL_ENDOFNAMES");
        h.lines(":irc.example.net 366 romeo #Verona :End of /NAMES list.");
        RoomSnapshot expected = new RoomSnapshot(room("#Verona"), "romeo", false, List.of(
                participant("romeo"),
                occupant("juliet", Role.MODERATOR, Affiliation.ADMIN),
                occupant("nurse", Role.PARTICIPANT, Affiliation.MEMBER),
                occupant("capulet", Role.MODERATOR, Affiliation.OWNER),
                occupant("tybalt", Role.MODERATOR, Affiliation.MEMBER),
                occupant("paris", Role.MODERATOR, Affiliation.ADMIN),
                participant("benvolio")),
                new RoomSubject("Fair *Verona*", Optional.of("juliet"),
                        Optional.of(Instant.ofEpochSecond(1700000000))));
        assertEquals(List.of(new Joined(expected)), h.sink.take());
        assertTrue(h.translator.isJoined("#VERONA"));
        assertEquals(Set.of(room("#verona")), h.translator.joinedChannels());
        assertFalse(h.translator.isOperator("#Verona"));
        assertEquals(Optional.of("juliet"), h.translator.occupantNick("#verona", "JULIET"));
        assertEquals(Optional.empty(), h.translator.occupantNick("#verona", "mercutio"));
    }

    @Test
    void aNickTheNetworkChangedIsFlagged() {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo_");
        h.translator.expectJoin("#v", "romeo");
        h.lines(":romeo_!r@h JOIN #v", ":s 353 romeo_ = #v :@romeo_", ":s 366 romeo_ #v :End");
        RoomSnapshot s = ((Joined) h.sink.take().get(0)).snapshot();
        assertEquals("romeo_", s.nick());
        assertTrue(s.nickChangedByNetwork(), "status 210");
        assertEquals(List.of(occupant("romeo_", Role.MODERATOR, Affiliation.ADMIN)), s.occupants());
        assertEquals(RoomSubject.none(), s.subject());
        assertTrue(h.translator.isOperator("#V"));
    }

    @Test
    void aSecondRequestForARoomAlreadyJoinedIsAnsweredAtOnce() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.translator.expectJoin("#VERONA", "romeo");
        List<Object> events = h.sink.take();
        assertEquals(1, events.size());
        assertEquals(3, ((Joined) events.get(0)).snapshot().occupants().size());
    }

    @ParameterizedTest
    @CsvSource({
        "471, FULL", "473, INVITE_ONLY", "474, BANNED", "475, BAD_PASSWORD", "403, NOT_FOUND",
        "405, NOT_ACCEPTABLE", "476, NOT_ACCEPTABLE", "477, INVITE_ONLY", "437, NOT_ACCEPTABLE",
        "489, NOT_ACCEPTABLE", "520, NOT_ACCEPTABLE"})
    void refusalsBeforeTheJoinAreJoinFailures(String numeric, RoomJoinFailure failure) {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        h.translator.expectJoin("#Crypt", "romeo");
        h.lines(":irc.example.net " + numeric + " romeo #crypt :Cannot join channel");
        assertEquals(List.of(new JoinFailed(room("#Crypt"), "romeo", failure, "Cannot join channel")),
                h.sink.take());
        // The same numeric with no join on its way is only shown.
        h.lines(":irc.example.net " + numeric + " romeo #crypt :Cannot join channel");
        assertEquals(List.of(new Message(IncomingMessage.of(server(), "#crypt: Cannot join channel"))),
                h.sink.take());
    }

    @Test
    void ownPartIsTheUserLeaving() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.translator.expectPart("#verona");
        h.lines(":romeo!r@montague.lit PART #Verona :farewell");
        assertEquals(List.of(new Left(room("#Verona"), "romeo", Departure.left("farewell"))), h.sink.take());
        assertFalse(h.translator.isJoined("#Verona"));
        assertEquals(Optional.empty(), h.translator.occupantNick("#Verona", "juliet"));
    }

    @Test
    void aPartBeforeTheJoinCompletedIsNeverReported() {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        h.translator.expectJoin("#v", "romeo");
        h.lines(":romeo!r@h JOIN #v");
        h.translator.expectPart("#v");
        h.lines(":s 353 romeo = #v :romeo", ":s 366 romeo #v :End", ":romeo!r@h PART #v");
        assertEquals(List.of(), h.sink.take());
        assertFalse(h.translator.isJoined("#v"));
    }

    @Test
    void aJoinTheServerImposedIsReportedToo() {
        // SAJOIN, or a forward (470) to another channel: no expectJoin, the nick is ours.
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        h.lines(":romeo!r@h JOIN #elsewhere", ":s 366 romeo #elsewhere :End");
        RoomSnapshot s = ((Joined) h.sink.take().get(0)).snapshot();
        assertFalse(s.nickChangedByNetwork());
        assertEquals(List.of(participant("romeo")), s.occupants());
    }

    @Test
    void aTopicAskedForLaterIsAnnouncedOnceWithItsSetter() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":s 332 romeo #verona :new words", ":s 333 romeo #verona juliet 1700000001");
        RoomSubject subject = new RoomSubject("new words", Optional.of("juliet"),
                Optional.of(Instant.ofEpochSecond(1700000001)));
        assertEquals(List.of(new Subject(room("#Verona"), "juliet", subject)), h.sink.take());
        // Without 333 the next line announces it.
        h.lines(":s 332 romeo #verona :older", "PING :x");
        assertEquals(List.of(new Subject(room("#Verona"), "",
                new RoomSubject("older", Optional.empty(), Optional.empty()))), h.sink.take());
    }

    @Test
    void connectionLossLeavesEveryRoomAndRemembersThemForTheRejoin() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.translator.expectJoin("#mantua", "romeo");
        h.lines(":romeo!r@h JOIN #Padua", ":s 366 romeo #Padua :End");
        h.sink.take();
        h.translator.connectionLost("Ping timeout");
        Departure lost = new Departure(Departure.Kind.DISCONNECTED, Optional.empty(), "Ping timeout");
        assertEquals(List.of(
                new Left(room("#Verona"), "romeo", lost),
                new Left(room("#Padua"), "romeo", lost),
                new JoinFailed(room("#mantua"), "romeo", RoomJoinFailure.NOT_CONNECTED, "Ping timeout")),
                h.sink.take());
        assertEquals(Set.of("#Verona", "#Padua"), h.translator.channelsToRejoin());
        assertEquals(Set.of(), h.translator.joinedChannels());
        assertFalse(h.translator.isJoined("#Verona"));
        // After the reconnect the rejoin is reported afresh (I9), with the occupants of now.
        h.translator.registered("romeo");
        h.translator.expectJoin("#Verona", "romeo");
        h.lines(":romeo!r@h JOIN #Verona", ":s 353 romeo = #Verona :romeo juliet", ":s 366 romeo #Verona :End");
        RoomSnapshot again = ((Joined) h.sink.take().get(0)).snapshot();
        assertEquals(List.of(participant("romeo"), participant("juliet")), again.occupants());
    }

    @Test
    void aNamesRefreshReconcilesTheOccupants() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":s 353 romeo = #Verona :romeo juliet +nurse mercutio", ":s 366 romeo #Verona :End");
        assertEquals(List.of(
                new RecordingSink.OccupantChanged(room("#Verona"), participant("juliet")),
                new RecordingSink.OccupantJoined(room("#Verona"), participant("mercutio"))), h.sink.take());
        h.lines(":s 353 romeo = #Verona :romeo juliet +nurse", ":s 366 romeo #Verona :End");
        assertEquals(List.of(new Left(room("#Verona"), "mercutio", Departure.left(""))), h.sink.take());
    }

    @Test
    void isupportOnTheLinesIsReadEvenBeforeTheConnectionReportsIt() {
        TranslatorHarness h = new TranslatorHarness();
        h.lines(":s 001 romeo :Welcome",
                ":s 005 romeo PREFIX=(ov)@+ CHANTYPES=#! CASEMAPPING=ascii :are supported by this server");
        h.translator.expectJoin("!chan", "romeo");
        h.lines(":romeo!r@h JOIN !chan", ":s 353 romeo = !chan :@romeo", ":s 366 romeo !chan :End");
        RoomSnapshot s = ((Joined) h.sink.take().get(0)).snapshot();
        assertEquals(room("!chan"), s.room());
        assertEquals(List.of(occupant("romeo", Role.MODERATOR, Affiliation.ADMIN)), s.occupants());
        assertEquals(Map.of(), h.features.get().isupport());
    }

    @Test
    void aSecondLossDuringTheRejoinForgetsNoChannel() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.translator.expectJoin("#Padua", "romeo");
        h.lines(":romeo!r@h JOIN #Padua", ":s 366 romeo #Padua :End");
        h.translator.connectionLost("Connection reset");
        h.sink.take();
        // Reconnected: #Verona is back, #Padua's rejoin is under way when the connection drops again.
        h.translator.registered("romeo");
        h.translator.expectJoin("#Verona", "romeo");
        h.translator.expectJoin("#Padua", "romeo");
        h.lines(":romeo!r@h JOIN #Verona", ":s 366 romeo #Verona :End");
        assertEquals(Set.of("#Padua"), h.translator.channelsToRejoin(), "#Verona is back");
        h.sink.take();
        h.translator.connectionLost("Connection reset again");
        assertEquals(List.of(new Left(room("#Verona"), "romeo", new Departure(Departure.Kind.DISCONNECTED,
                Optional.empty(), "Connection reset again"))), h.sink.take(), "no failure for an automatic rejoin");
        assertEquals(Set.of("#Verona", "#Padua"), h.translator.channelsToRejoin());
        h.translator.expectPart("#padua");
        assertEquals(Set.of("#Verona"), h.translator.channelsToRejoin(), "the user left it meanwhile");
    }

    @Test
    void linesSaidDuringTheJoinFollowTheSnapshot() {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        h.translator.expectJoin("#v", "romeo");
        h.lines(":romeo!r@h JOIN #v", ":juliet!j@h PRIVMSG #v :early", ":s 353 romeo = #v :romeo juliet",
                ":s 366 romeo #v :End", ":juliet!j@h PRIVMSG #v :late", ":juliet!j@h PRIVMSG #other :not ours");
        List<Object> events = h.sink.take();
        assertEquals(3, events.size());
        assertTrue(events.get(0) instanceof Joined);
        assertEquals("early", ((RecordingSink.RoomMsg) events.get(1)).message().body());
        assertEquals("late", ((RecordingSink.RoomMsg) events.get(2)).message().body());
    }

    @Test
    void aPartOfAChannelWeAreNotInLeavesNoTrace() {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        h.translator.expectPart("#never");
        h.lines(":s 442 romeo #never :You're not on that channel");
        assertEquals(List.of(new Message(IncomingMessage.of(server(), "#never: You're not on that channel"))),
                h.sink.take());
        // A join the server imposes later is still reported.
        h.lines(":romeo!r@h JOIN #never", ":s 366 romeo #never :End");
        assertTrue(h.sink.take().get(0) instanceof Joined);
    }

    @Test
    void aRepeatedJoinEchoDoesNotReopenTheJoin() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":romeo!r@h JOIN #Verona", ":juliet!j@h PRIVMSG #Verona :still delivered");
        assertEquals(1, h.sink.take().size());
        assertTrue(h.translator.isJoined("#Verona"));
    }
}
