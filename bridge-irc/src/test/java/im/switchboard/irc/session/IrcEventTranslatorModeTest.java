package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.fromRoom;
import static im.switchboard.irc.session.TranslatorHarness.occupant;
import static im.switchboard.irc.session.TranslatorHarness.room;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.session.RecordingSink.Joined;
import im.switchboard.irc.session.RecordingSink.Message;
import im.switchboard.irc.session.RecordingSink.OccupantChanged;
import im.switchboard.irc.session.RecordingSink.RoomMsg;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channel modes shown in the room (Modern IRC "MODE message", "RPL_CHANNELMODEIS"), as Biboumi shows them: each
 * MODE as a message from the room itself (XEP-0045: no occupant nick, the room's bare JID), before the presence
 * changes it causes; the channel's modes once per join.
 */
@Timeout(10)
class IrcEventTranslatorModeTest {

    @Test
    void everyChannelModeChangeIsShownFromTheRoomBeforeThePresenceItCauses() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":juliet!j@h MODE #verona +k wherefore", ":juliet!j@h MODE #Verona +l 20",
                ":juliet!j@h MODE #Verona +b *!*@montague.lit", ":juliet!j@h MODE #Verona +o nurse");
        assertEquals(List.of(
                fromRoom("#Verona", "juliet sets mode: +k wherefore"),
                fromRoom("#Verona", "juliet sets mode: +l 20"),
                fromRoom("#Verona", "juliet sets mode: +b *!*@montague.lit"),
                fromRoom("#Verona", "juliet sets mode: +o nurse"),
                new OccupantChanged(room("#Verona"), occupant("nurse", Role.MODERATOR, Affiliation.ADMIN))),
                h.sink.take());
    }

    @Test
    void aServerOrServicesModeNamesItsSetterAndKeepsTimeAndId() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines("@time=2026-01-01T10:00:00.000Z;msgid=m42 :irc.example.net MODE #Verona -m+v romeo");
        assertEquals(List.of(new RoomMsg(new RoomMessage(room("#Verona"), "",
                "irc.example.net sets mode: -m+v romeo", Optional.of(Instant.parse("2026-01-01T10:00:00Z")),
                Optional.of("m42"), Optional.empty())),
                new OccupantChanged(room("#Verona"), occupant("romeo", Role.PARTICIPANT, Affiliation.MEMBER))),
                h.sink.take());
    }

    @Test
    void modesOfAChannelBeingJoinedFollowTheSnapshot() {
        TranslatorHarness h = new TranslatorHarness();
        h.translator.registered("romeo");
        h.translator.expectJoin("#new", "romeo");
        // InspIRCd sets the default modes of a channel it creates right after the JOIN, before NAMES.
        h.lines(":romeo!r@h JOIN #new", ":irc.example.net MODE #new +nt", ":irc.example.net 324 romeo #new +nt",
                ":irc.example.net 353 romeo = #new :@romeo", ":irc.example.net 366 romeo #new :End");
        List<Object> facts = h.sink.take();
        assertEquals(3, facts.size(), facts.toString());
        assertInstanceOf(Joined.class, facts.get(0));
        assertEquals(List.of(fromRoom("#new", "irc.example.net sets mode: +nt"),
                fromRoom("#new", "Channel modes: +nt")), facts.subList(1, 3));
    }

    @Test
    void channelModesAreShownAgainAfterARejoin() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":s 324 romeo #Verona +nt");
        assertEquals(List.of(fromRoom("#Verona", "Channel modes: +nt")), h.sink.take());
        h.translator.expectPart("#Verona");
        h.lines(":romeo!r@h PART #Verona");
        h.translator.expectJoin("#Verona", "romeo");
        h.lines(":romeo!r@h JOIN #Verona", ":s 353 romeo = #Verona :romeo", ":s 366 romeo #Verona :End",
                ":s 324 romeo #Verona +nt");
        List<Object> facts = h.sink.take();
        assertEquals(fromRoom("#Verona", "Channel modes: +nt"), facts.get(facts.size() - 1));
    }

    @Test
    void formattingAndXmlIllegalCharactersInAModeAreNotShown() {
        // X6: a key or mask is any byte string the server accepts; formatting is stripped, never styled (data).
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":juliet!j@h MODE #Verona +k \u0002se\u0001cr\uFFFEet");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: +k secret")), h.sink.take());
    }

    @Test
    void userModesAndOtherChannelsShowNothingInARoom() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":romeo MODE romeo :+iw", ":juliet!j@h MODE #elsewhere +m", ":juliet!j@h MODE #Verona");
        assertEquals(List.of(), h.sink.take());
        h.lines(":s 324 romeo #elsewhere +s");
        assertEquals(List.of(new Message(IncomingMessage.of(TranslatorHarness.server(), "#elsewhere modes: +s"))),
                h.sink.take());
    }
}
