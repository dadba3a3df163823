package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.NOW;
import static im.switchboard.irc.session.TranslatorHarness.room;
import static im.switchboard.irc.session.TranslatorHarness.server;
import static im.switchboard.irc.session.TranslatorHarness.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.session.RecordingSink.Message;
import im.switchboard.irc.session.RecordingSink.RoomMsg;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages: groupchat (XEP-0045 7.4), chat, /me (XEP-0245), CTCP (I3), notices, server texts, X6. */
@Timeout(10)
class IrcEventTranslatorMessageTest {

    private static RoomMsg said(String nick, String body) {
        return new RoomMsg(new RoomMessage(room("#Verona"), nick, body, Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    @Test
    void channelMessagesWithServerTimeAndMsgid() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines("@time=2026-01-01T12:00:00.123Z;msgid=abc\\s1 :juliet!j@h PRIVMSG #verona :Wherefore art thou",
                ":juliet!j@h PRIVMSG #Verona :\u0001ACTION sighs\u0001",
                ":juliet!j@h PRIVMSG #Verona :\u0001VERSION\u0001",
                ":juliet!j@h PRIVMSG #Verona :\u0001DCC SEND x 1 2 3\u0001",
                ":nurse!n@h NOTICE #Verona :dinner is ready",
                ":juliet!j@h PRIVMSG @#Verona :ops only");
        assertEquals(List.of(
                new RoomMsg(new RoomMessage(room("#Verona"), "juliet", "Wherefore art thou",
                        Optional.of(Instant.parse("2026-01-01T12:00:00.123Z")), Optional.of("abc 1"),
                        Optional.empty())),
                said("juliet", "/me sighs"),
                said("nurse", "[notice] dinner is ready"),
                said("juliet", "ops only")), h.sink.take());
        h.lines(":juliet!j@h PRIVMSG #Verona :\u0001ACTION sighs\u0001");
        assertEquals(List.of(), h.ctcp, "channel CTCP is never answered");
    }

    @Test
    void formattingIsStyledOrStrippedAndXmlIllegalCharactersGo() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":juliet!j@h PRIVMSG #Verona :\u0002bold\u0002 \u001dit\u001d \u000304red\u0003 bell\u0007 \uFFFEx");
        assertEquals(List.of(said("juliet", "*bold* _it_ red bell x")), h.sink.take());
        TranslatorHarness plain = new TranslatorHarness(new IrcTextOptions(IrcTextOptions.Styling.STRIP, ">> "))
                .inVerona();
        plain.lines(":juliet!j@h NOTICE #Verona :\u0002bold\u0002 \u001dit\u001d");
        assertEquals(List.of(said("juliet", ">> bold it")), plain.sink.take());
        // Only codes: nothing to show.
        h.lines(":juliet!j@h PRIVMSG #Verona :\u0002\u0002\u00034");
        assertEquals(List.of(), h.sink.take());
    }

    @Test
    void privateMessagesComeFromTheUser() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines("@msgid=m1 :Juliet!j@h PRIVMSG romeo :come to the balcony \uD83C\uDF39",
                ":juliet!j@h PRIVMSG romeo :\u0001ACTION waits\u0001",
                ":NickServ!NickServ@services.lit NOTICE romeo :This nickname is registered");
        assertEquals(List.of(
                new Message(new IncomingMessage(user("Juliet"), "come to the balcony \uD83C\uDF39", Optional.empty(),
                        Optional.of("m1"))),
                new Message(IncomingMessage.of(user("juliet"), "/me waits")),
                new Message(IncomingMessage.of(user("NickServ"), "[notice] This nickname is registered"))),
                h.sink.take());
    }

    @Test
    void ctcpQueriesGoToTheSessionNotToTheUser() {
        TranslatorHarness h = new TranslatorHarness().inVerona();
        h.lines(":juliet!j@h PRIVMSG romeo :\u0001VERSION\u0001",
                ":juliet!j@h PRIVMSG romeo :\u0001PING 1473523796 918320\u0001",
                ":juliet!j@h PRIVMSG romeo :\u0001DCC SEND file 2130706433 6667 10\u0001",
                ":juliet!j@h PRIVMSG romeo :\u0001FINGER\u0001",
                ":juliet!j@h NOTICE romeo :\u0001VERSION irssi\u0001");
        assertEquals(List.of(), h.sink.take(), "no CTCP is shown (I3)");
        assertEquals(List.of(new IrcCtcpRequest(user("juliet"), "VERSION", "", NOW),
                new IrcCtcpRequest(user("juliet"), "PING", "1473523796 918320", NOW)), h.ctcp);
    }

    @Test
    void serverNoticesAndNumericsComeFromTheServer() {
        TranslatorHarness h = new TranslatorHarness();
        h.lines(":irc.example.net NOTICE * :*** Looking up your hostname...",
                ":irc.example.net 433 * romeo :Nickname is already in use",
                ":irc.example.net 001 romeo :Welcome to the Verona network",
                ":irc.example.net 251 romeo :There are 3 users",
                ":irc.example.net 375 romeo :- irc.example.net Message of the day -",
                ":irc.example.net 372 romeo :- Two households,",
                ":irc.example.net 372 romeo :- \u0002both\u0002 alike in dignity",
                ":irc.example.net 376 romeo :End of /MOTD command.",
                ":irc.example.net NOTICE romeo :server going down",
                ":irc.example.net 401 romeo rosaline :No such nick/channel",
                ":irc.example.net 433 romeo juliet :Nickname is already in use",
                ":irc.example.net 421 romeo FOO :Unknown command",
                ":irc.example.net NOTICE #Verona :channel notice from the server");
        assertEquals(List.of(
                new Message(IncomingMessage.of(server(), "*** Looking up your hostname...")),
                // The MOTD as one message, without its header line (RPL_MOTDSTART).
                new Message(IncomingMessage.of(server(), "Two households,\n*both* alike in dignity")),
                new Message(IncomingMessage.of(server(), "server going down")),
                new Message(IncomingMessage.of(server(), "rosaline: No such nick/channel")),
                new Message(IncomingMessage.of(server(),
                        "Cannot change your nick to juliet: Nickname is already in use")),
                new Message(IncomingMessage.of(server(), "FOO: Unknown command")),
                new Message(IncomingMessage.of(server(), "[#Verona] channel notice from the server"))),
                h.sink.take());
        assertEquals("romeo", h.translator.nick());
    }

    @Test
    void casemappingKeepsDifferentUsersApart() {
        // I8: under ascii, "a[" and "a{" are two people; under rfc1459 they are one.
        TranslatorHarness ascii = new TranslatorHarness().features(Map.of("CASEMAPPING", "ascii")).inVerona();
        ascii.lines(":Tyb[alt!t@h JOIN #Verona", ":tyb{alt!u@h JOIN #Verona", ":TYB[ALT!t@h QUIT :bye");
        assertEquals(List.of(
                new RecordingSink.OccupantJoined(room("#Verona"), TranslatorHarness.participant("Tyb[alt")),
                new RecordingSink.OccupantJoined(room("#Verona"), TranslatorHarness.participant("tyb{alt")),
                new RecordingSink.Left(room("#Verona"), "Tyb[alt",
                        im.switchboard.core.spi.Departure.left("bye"))), ascii.sink.take());
        assertEquals(Optional.of("tyb{alt"), ascii.translator.occupantNick("#verona", "TYB{ALT"));
        assertEquals(Optional.empty(), ascii.translator.occupantNick("#verona", "tyb[alt"));

        TranslatorHarness rfc = new TranslatorHarness().features(Map.of("CASEMAPPING", "rfc1459")).inVerona();
        rfc.lines(":Tyb[alt!t@h JOIN #Verona", ":tyb{alt!t@h PRIVMSG #Verona :same person");
        rfc.sink.take();
        assertEquals(Optional.of("Tyb[alt"), rfc.translator.occupantNick("#verona", "TYB{ALT"));
        rfc.lines(":TYB{ALT!t@h NICK tyb{alt");
        assertEquals(List.of(new RecordingSink.Renamed(room("#Verona"), "Tyb[alt", "tyb{alt")), rfc.sink.take());
        assertEquals(Optional.of("tyb{alt"), rfc.translator.occupantNick("#verona", "tyb[alt"));
    }

    @Test
    void typingNotificationsInPrivateAreChatStates() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "message-tags").inVerona();
        h.lines("@+typing=active :juliet!j@h TAGMSG romeo", "@+typing=paused :juliet!j@h TAGMSG romeo",
                "@+typing=done :juliet!j@h TAGMSG romeo", "@+typing=active :juliet!j@h TAGMSG #Verona",
                "@+typing=weird :juliet!j@h TAGMSG romeo", "@+react=x :juliet!j@h TAGMSG romeo",
                "@+typing=active :romeo!r@h TAGMSG romeo", "@+typing=active TAGMSG romeo");
        assertEquals(List.of(List.of(user("juliet"), ChatState.COMPOSING), List.of(user("juliet"), ChatState.PAUSED),
                List.of(user("juliet"), ChatState.ACTIVE)), h.sink.take());
    }
}
