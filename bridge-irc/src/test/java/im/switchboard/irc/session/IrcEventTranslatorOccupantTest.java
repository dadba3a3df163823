package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.fromRoom;
import static im.switchboard.irc.session.TranslatorHarness.occupant;
import static im.switchboard.irc.session.TranslatorHarness.participant;
import static im.switchboard.irc.session.TranslatorHarness.room;
import static im.switchboard.irc.session.TranslatorHarness.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.irc.session.RecordingSink.Invitation;
import im.switchboard.irc.session.RecordingSink.Left;
import im.switchboard.irc.session.RecordingSink.Message;
import im.switchboard.irc.session.RecordingSink.OccupantChanged;
import im.switchboard.irc.session.RecordingSink.OccupantJoined;
import im.switchboard.irc.session.RecordingSink.Renamed;
import im.switchboard.irc.session.RecordingSink.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Occupants as XEP-0045 presents them: joins, departures (307, 301), renames (303), roles and affiliations. */
@Timeout(10)
class IrcEventTranslatorOccupantTest {

    @Test
    void othersJoinAndPart() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":mercutio!m@verona.lit JOIN #verona", ":mercutio!m@verona.lit PART #verona :\u0002bye\u0002");
        assertEquals(List.of(
                new OccupantJoined(room("#Verona"), participant("mercutio")),
                new Left(room("#Verona"), "mercutio", Departure.left("*bye*"))), h.sink.take());
    }

    @Test
    void extendedJoinGivesTheAccount() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "extended-join").inVerona();
        h.lines(":mercutio!m@h JOIN #Verona mercacct :Mercutio of Verona", ":tybalt!t@h JOIN #Verona * :Tybalt");
        assertEquals(List.of(
                new OccupantJoined(room("#Verona"), new Occupant("mercutio", Role.PARTICIPANT, Affiliation.NONE,
                        Optional.of(user("mercutio")), Optional.of("mercacct"), false, "")),
                new OccupantJoined(room("#Verona"), participant("tybalt"))), h.sink.take());
    }

    @Test
    void quitLeavesEverySharedChannel() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.translator.expectJoin("#mantua", "romeo");
        h.lines(":romeo!r@h JOIN #mantua", ":s 353 romeo = #mantua :romeo juliet", ":s 366 romeo #mantua :End",
                ":mercutio!m@h JOIN #mantua");
        h.sink.take();
        h.lines(":JULIET!j@h QUIT :Quit: poison");
        assertEquals(List.of(
                new Left(room("#Verona"), "juliet", Departure.left("Quit: poison")),
                new Left(room("#mantua"), "juliet", Departure.left("Quit: poison"))), h.sink.take());
        h.lines(":nobody!n@h QUIT :gone");
        assertEquals(List.of(), h.sink.take());
    }

    @Test
    void kicksOfOthersAndOfUs() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":juliet!j@h KICK #Verona nurse :too talkative");
        assertEquals(List.of(new Left(room("#Verona"), "nurse",
                new Departure(Departure.Kind.KICKED, Optional.of("juliet"), "too talkative"))), h.sink.take());
        h.lines(":juliet!j@h KICK #Verona Romeo");
        assertEquals(List.of(new Left(room("#Verona"), "romeo",
                new Departure(Departure.Kind.KICKED, Optional.of("juliet"), ""))), h.sink.take());
        assertEquals(false, h.translator.isJoined("#Verona"));
    }

    @Test
    void aBanIsKeptSilentlyAndMakesTheFollowingKickABan() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":mercutio!merc@verona.lit JOIN #Verona");
        h.sink.take();
        h.lines(":juliet!j@h MODE #Verona +b *!merc@*.lit");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: +b *!merc@*.lit")), h.sink.take(),
                "+b alone changes nobody; it is only shown");
        h.lines(":juliet!j@h KICK #Verona mercutio :out");
        assertEquals(List.of(new Left(room("#Verona"), "mercutio",
                new Departure(Departure.Kind.BANNED, Optional.of("juliet"), "out"))), h.sink.take());
        // A ban that was lifted does not count.
        h.lines(":tybalt!merc@verona.lit JOIN #Verona", ":juliet!j@h MODE #Verona -b *!merc@*.lit",
                ":juliet!j@h KICK #Verona tybalt :out");
        assertEquals(Departure.Kind.KICKED, ((Left) h.sink.take().get(2)).departure().kind());
    }

    @Test
    void chghostUpdatesTheMaskBansAreMatchedWith() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":mercutio!m@old.lit JOIN #Verona", ":mercutio!m@old.lit CHGHOST m new.lit",
                ":juliet!j@h MODE #Verona +b *!*@new.lit");
        assertEquals(List.of(new OccupantJoined(room("#Verona"), participant("mercutio")),
                fromRoom("#Verona", "juliet sets mode: +b *!*@new.lit")), h.sink.take(), "CHGHOST shows nothing");
        h.lines(":juliet!j@h KICK #Verona mercutio");
        assertEquals(Departure.Kind.BANNED, ((Left) h.sink.take().get(0)).departure().kind());
    }

    @Test
    void nickChangesInEverySharedChannelOursToo() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.translator.expectJoin("#mantua", "romeo");
        h.lines(":romeo!r@h JOIN #mantua", ":s 353 romeo = #mantua :romeo nurse", ":s 366 romeo #mantua :End");
        h.sink.take();
        h.lines(":nurse!n@h NICK Angelica");
        assertEquals(List.of(new Renamed(room("#Verona"), "nurse", "Angelica"),
                new Renamed(room("#mantua"), "nurse", "Angelica")), h.sink.take());
        assertEquals(Optional.of("Angelica"), h.translator.occupantNick("#verona", "angelica"));
        h.lines(":romeo!r@h NICK Romeo_");
        assertEquals(List.of(new Renamed(room("#Verona"), "romeo", "Romeo_"),
                new Renamed(room("#mantua"), "romeo", "Romeo_")), h.sink.take());
        assertEquals("Romeo_", h.translator.nick());
        // The voice moved with the nick.
        h.lines(":juliet!j@h MODE #Verona -v Angelica");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: -v Angelica"),
                new OccupantChanged(room("#Verona"), participant("Angelica"))), h.sink.take());
    }

    @Test
    void topicChangeWithServerTime() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines("@time=2026-01-01T10:00:00.500Z :juliet!j@h TOPIC #Verona :\u00034Two\u0003 households");
        RoomSubject s = new RoomSubject("Two households", Optional.of("juliet"),
                Optional.of(Instant.parse("2026-01-01T10:00:00.500Z")));
        assertEquals(List.of(new Subject(room("#Verona"), "juliet", s)), h.sink.take());
        h.lines(":juliet!j@h TOPIC #Verona :");
        assertEquals(List.of(new Subject(room("#Verona"), "juliet",
                new RoomSubject("", Optional.of("juliet"), Optional.of(TranslatorHarness.NOW)))), h.sink.take());
    }

    @Test
    void membershipModesBecomeRolesAndAffiliations() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":juliet!j@h MODE #Verona +o-v+v nurse nurse romeo");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: +o-v+v nurse nurse romeo"),
                new OccupantChanged(room("#Verona"), occupant("romeo", Role.PARTICIPANT, Affiliation.MEMBER)),
                new OccupantChanged(room("#Verona"), occupant("nurse", Role.MODERATOR, Affiliation.ADMIN))),
                h.sink.take());
        // +v on an operator changes nothing visible; -o leaves the voice.
        h.lines(":juliet!j@h MODE #Verona +v juliet", ":juliet!j@h MODE #Verona -o juliet");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: +v juliet"),
                fromRoom("#Verona", "juliet sets mode: -o juliet"), new OccupantChanged(room("#Verona"),
                occupant("juliet", Role.PARTICIPANT, Affiliation.MEMBER))), h.sink.take());
        h.lines(":ChanServ!s@services MODE #Verona +qah romeo romeo romeo");
        assertEquals(List.of(fromRoom("#Verona", "ChanServ sets mode: +qah romeo romeo romeo"),
                new OccupantChanged(room("#Verona"),
                occupant("romeo", Role.MODERATOR, Affiliation.OWNER))), h.sink.take());
        assertTrue(h.translator.isOperator("#verona"));
    }

    @Test
    void moderatedChannelsMakeUnvoicedMembersVisitors() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":mercutio!m@h JOIN #Verona");
        h.sink.take();
        h.lines(":juliet!j@h MODE #Verona +mnt-l");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: +mnt-l"),
                new OccupantChanged(room("#Verona"), occupant("romeo", Role.VISITOR, Affiliation.NONE)),
                new OccupantChanged(room("#Verona"), occupant("mercutio", Role.VISITOR, Affiliation.NONE))),
                h.sink.take());
        h.lines(":juliet!j@h MODE #Verona +v mercutio");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: +v mercutio"),
                new OccupantChanged(room("#Verona"),
                occupant("mercutio", Role.PARTICIPANT, Affiliation.MEMBER))), h.sink.take());
        h.lines(":juliet!j@h MODE #Verona -m");
        assertEquals(List.of(fromRoom("#Verona", "juliet sets mode: -m"),
                new OccupantChanged(room("#Verona"), participant("romeo"))), h.sink.take());
    }

    @Test
    void channelModeReplyIsShownOnceAndCreationTimeQuietly() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":s 324 romeo #Verona +ntk secret", ":s 329 romeo #Verona 1700000000");
        assertEquals(List.of(fromRoom("#Verona", "Channel modes: +ntk secret")), h.sink.take());
        // A later one answers a raw MODE query: from the server, not the room.
        h.lines(":s 324 romeo #Verona +m");
        assertEquals(List.of(new Message(IncomingMessage.of(TranslatorHarness.server(), "#Verona modes: +m")),
                new OccupantChanged(room("#Verona"), occupant("romeo", Role.VISITOR, Affiliation.NONE))),
                h.sink.take());
    }

    @Test
    void prefixesFromIsupportAndMultiPrefixNames() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of("PREFIX", "(Yqov)!~@+"), "multi-prefix");
        h.translator.registered("romeo");
        h.translator.expectJoin("#v", "romeo");
        h.lines(":romeo!r@h JOIN #v", ":s 353 romeo = #v :romeo !oper ~@+founder +@juliet",
                ":s 366 romeo #v :End");
        assertEquals(List.of(participant("romeo"),
                occupant("oper", Role.MODERATOR, Affiliation.ADMIN),
                occupant("founder", Role.MODERATOR, Affiliation.OWNER),
                occupant("juliet", Role.MODERATOR, Affiliation.ADMIN)),
                ((RecordingSink.Joined) h.sink.take().get(0)).snapshot().occupants());
        h.lines(":x!x@x MODE #v -o juliet");
        assertEquals(List.of(fromRoom("#v", "x sets mode: -o juliet"),
                new OccupantChanged(room("#v"), occupant("juliet", Role.PARTICIPANT, Affiliation.MEMBER))),
                h.sink.take());
    }

    @Test
    void awayAndAccountNotifications() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "away-notify", "account-notify")
                .inVerona();
        h.lines(":juliet!j@h AWAY :on the \u0002balcony\u0002");
        assertEquals(List.of(new OccupantChanged(room("#Verona"), new Occupant("juliet", Role.MODERATOR,
                Affiliation.ADMIN, Optional.of(user("juliet")), Optional.empty(), true, "on the *balcony*"))),
                h.sink.take());
        h.lines(":juliet!j@h AWAY", ":juliet!j@h ACCOUNT jcapulet");
        assertEquals(List.of(
                new OccupantChanged(room("#Verona"), occupant("juliet", Role.MODERATOR, Affiliation.ADMIN)),
                new OccupantChanged(room("#Verona"), new Occupant("juliet", Role.MODERATOR, Affiliation.ADMIN,
                        Optional.of(user("juliet")), Optional.of("jcapulet"), false, ""))), h.sink.take());
        h.lines(":juliet!j@h ACCOUNT *", ":juliet!j@h SETNAME :Juliet Capulet");
        assertEquals(List.of(new OccupantChanged(room("#Verona"),
                occupant("juliet", Role.MODERATOR, Affiliation.ADMIN))), h.sink.take());
    }

    @Test
    void invitations() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":juliet!j@h INVITE romeo :#Balcony", ":juliet!j@h INVITE nurse #Verona");
        assertEquals(List.of(new Invitation(room("#Balcony"), user("juliet"), "")), h.sink.take());
    }

    @Test
    void netsplitBatchesDeliverTheirEvents() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "batch").inVerona();
        h.lines(":s BATCH +split netsplit irc.hub.lit irc.leaf.lit",
                "@batch=split :juliet!j@h QUIT :irc.hub.lit irc.leaf.lit",
                "@batch=split :nurse!n@h QUIT :irc.hub.lit irc.leaf.lit",
                ":s BATCH -split",
                ":s BATCH +join netjoin irc.hub.lit irc.leaf.lit",
                "@batch=join :juliet!j@h JOIN #Verona",
                ":s BATCH -join");
        Departure split = Departure.left("irc.hub.lit irc.leaf.lit");
        assertEquals(List.of(new Left(room("#Verona"), "juliet", split), new Left(room("#Verona"), "nurse", split),
                new OccupantJoined(room("#Verona"), participant("juliet"))), h.sink.take());
    }
}
