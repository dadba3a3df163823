package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.BanEntry;
import im.switchboard.core.spi.ForbiddenException;
import im.switchboard.core.spi.RoomConfiguration;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.address.IrcAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * XEP-0045 ban list (section 9.2) and room configuration (10.2) on IRC against a scripted server: {@code MODE #chan b}
 * with RPL_BANLIST 367 / RPL_ENDOFBANLIST 368, {@code MODE #chan} with RPL_CHANNELMODEIS 324, and the MODE changes
 * a submitted configuration sends (Modern IRC, "MODE message").
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcRoomSettingsTest {

    private static final String HOST = SessionFixture.HOST;
    private static final IrcAddress.Channel CHAT = new IrcAddress.Channel(HOST, "#chat");

    private final SessionFixture f = new SessionFixture();

    /** A server where the user enters #chat with {@code prefix} ("@" for an operator), and answers MODE queries. */
    private void server(String prefix, String modes, List<String> banReplies) {
        f.connector.respondWith((connection, message) -> {
            String nick = connection.nick();
            List<String> p = message.params();
            if (message.command().equals("JOIN")) {
                connection.serverSays(":" + nick + "!r@gateway.example JOIN " + p.get(0));
                connection.serverSays(":irc.example.net 353 " + nick + " = " + p.get(0) + " :" + prefix + nick
                        + " @juliet tybalt");
                connection.serverSays(":irc.example.net 366 " + nick + " " + p.get(0) + " :End of /NAMES list.");
            } else if (message.command().equals("MODE") && p.size() == 2 && p.get(1).equals("b")) {
                banReplies.forEach(line -> connection.serverSays(line.replace("NICK", nick)));
            } else if (message.command().equals("MODE") && p.size() == 1) {
                connection.serverSays(":irc.example.net 324 " + nick + " #chat " + modes);
                connection.serverSays(":irc.example.net 329 " + nick + " #chat 1700000000");
            }
        });
    }

    private List<String> sentAfterJoin() {
        List<String> lines = f.connector.last().lines();
        return lines.subList(lines.indexOf("JOIN #chat") + 1, lines.size());
    }

    @Test
    void theBanListIsReadFromRplBanList() throws Exception {
        server("", "+nt", List.of(
                ":irc.example.net 367 NICK #chat tybalt!*@* juliet!j@capulet.example 1700000000",
                ":irc.example.net 367 NICK #chat *!*@mantua.example",
                ":irc.example.net 368 NICK #chat :End of channel ban list"));
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        List<BanEntry> bans = f.session.banList(CHAT);
        assertEquals(List.of(
                new BanEntry("tybalt!*@*", Optional.of(new IrcAddress.User(HOST, "tybalt")),
                        Optional.of("juliet!j@capulet.example"), Optional.of(Instant.ofEpochSecond(1_700_000_000))),
                new BanEntry("*!*@mantua.example", Optional.empty(), Optional.empty(), Optional.empty())), bans);
        assertEquals(List.of("MODE #chat b"), sentAfterJoin());
        assertEquals(List.of(), f.sink.messages, "368 is not shown to the user");
    }

    @Test
    void aBanListTheServerKeepsForOperatorsIsForbidden() throws Exception {
        server("", "+nt", List.of(":irc.example.net 482 NICK #chat :You're not channel operator"));
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertThrows(ForbiddenException.class, () -> f.session.banList(CHAT));
    }

    @Test
    void aBanListThatNeverEndsTimesOut() throws Exception {
        server("", "+nt", List.of(":irc.example.net 367 NICK #chat a!*@*"));
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertThrows(TransientFailureException.class, () -> f.session.banList(CHAT));
    }

    @Test
    void theConfigurationIsReadFromRplChannelModeIs() throws Exception {
        server("@", "+ntkl capulet 25", List.of());
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertEquals(new RoomConfiguration(Optional.of(false), Optional.of(false), Optional.of(false),
                Optional.of(true), Optional.of(true), Optional.of(Secret.of("capulet")), OptionalInt.of(25)),
                f.session.roomConfiguration(CHAT));
    }

    @Test
    void aSubmittedConfigurationSendsOnlyTheDifferences() throws Exception {
        server("@", "+ntkl capulet 25", List.of());
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.session.configureRoom(CHAT, new RoomConfiguration(Optional.of(true), Optional.of(true), Optional.of(false),
                Optional.of(false), Optional.of(false), Optional.empty(), OptionalInt.of(0)));
        assertEquals(List.of("MODE #chat", "MODE #chat -t+m+s", "MODE #chat -k capulet", "MODE #chat -l"),
                sentAfterJoin());
        int before = f.connector.last().lines().size();
        // The same values as now: only the question is sent.
        f.session.configureRoom(CHAT, new RoomConfiguration(Optional.of(false), Optional.of(false),
                Optional.of(false), Optional.of(true), Optional.of(true), Optional.of(Secret.of("capulet")),
                OptionalInt.of(25)));
        List<String> lines = f.connector.last().lines();
        assertEquals(List.of("MODE #chat"), lines.subList(before, lines.size()));
    }

    @Test
    void aNewKeyAndLimitReplaceTheOldOnes() throws Exception {
        server("@", "+tk capulet", List.of());
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        f.session.configureRoom(CHAT, new RoomConfiguration(Optional.empty(), Optional.empty(), Optional.of(true),
                Optional.empty(), Optional.of(true), Optional.of(Secret.of("montague")), OptionalInt.of(10)));
        assertEquals(List.of("MODE #chat", "MODE #chat +i", "MODE #chat -k capulet", "MODE #chat +k montague",
                "MODE #chat +l 10"), sentAfterJoin());
    }

    @Test
    void protectedWithoutAKeyKeepsTheKeyOrIsRefused() throws Exception {
        RoomConfiguration keep = new RoomConfiguration(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(true), Optional.empty(), OptionalInt.empty());
        assertEquals(List.of(), IrcRoomSettings.changes("#chat", Map.of('k', Optional.of("*")), keep));
        assertThrows(im.switchboard.core.spi.UnsupportedException.class,
                () -> IrcRoomSettings.changes("#chat", Map.of(), keep));
    }

    @Test
    void onlyOperatorsConfigure() throws Exception {
        server("+", "+nt", List.of());
        f.session.joinRoom(new RoomJoin(CHAT, "romeo", Optional.empty()));
        assertThrows(ForbiddenException.class, () -> f.session.roomConfiguration(CHAT));
        assertThrows(ForbiddenException.class, () -> f.session.configureRoom(CHAT, RoomConfiguration.NONE));
        assertEquals(List.of(), sentAfterJoin());
    }

    @Test
    void aMaskNamesOneNickOnlyWhenUserAndHostAreWildcards() {
        assertEquals(Optional.of("tybalt"), IrcRoomSettings.maskedNick("tybalt!*@*"));
        assertEquals(Optional.of("tybalt"), IrcRoomSettings.maskedNick("tybalt"));
        assertEquals(Optional.empty(), IrcRoomSettings.maskedNick("tyb*!*@*"));
        assertEquals(Optional.empty(), IrcRoomSettings.maskedNick("tybalt!t@capulet.example"));
        assertEquals(Optional.empty(), IrcRoomSettings.maskedNick("*!*@mantua.example"));
        assertEquals(Optional.empty(), IrcRoomSettings.maskedNick("$a:account"));
    }

    @Test
    void modesMeanSettings() {
        assertEquals(new RoomConfiguration(Optional.of(true), Optional.of(true), Optional.of(true),
                Optional.of(false), Optional.of(true), Optional.empty(), OptionalInt.of(0)),
                IrcRoomSettings.fromModes(Map.of('m', Optional.empty(), 'i', Optional.empty(), 'p', Optional.empty(),
                        'k', Optional.of("*"))));
    }
}
