package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.registration.Registration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code registrationChanged}: new per-server settings apply at the next connection, without a new session; what IRC
 * lets a registered connection change (nick, auto-join channels, always-on) applies at once, and "reconnect now"
 * makes the rest apply at once.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcSessionSettingsChangeTest {

    private static final String HOST = SessionFixture.HOST;
    private static final IrcAddress.User JULIET = new IrcAddress.User(HOST, "juliet");

    private final SessionFixture f = new SessionFixture();

    private Registration changed() {
        return new Registration(SessionFixture.USER, Map.of("nick", "romeo",
                IrcUserServerSettings.key(HOST, "nick"), "romeo_m", IrcUserServerSettings.key(HOST, "auto-join"),
                "#verona"), Map.of(IrcUserServerSettings.key(HOST, "server-password"), Secret.of("pw")));
    }

    @Test
    void theNextConnectionToTheServerUsesTheNewSettings() throws Exception {
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        assertEquals("romeo", f.connector.requests().get(0).nick());

        f.session.registrationChanged(changed());
        assertEquals(1, f.connector.connections().size(), "the open connection is kept");
        assertEquals(List.of("PRIVMSG juliet hi", "NICK romeo_m", "JOIN #verona"), f.connector.last().lines(),
                "the new nick and the new auto-join channel apply now");

        f.connector.last().drop("Ping timeout");
        assertTrue(f.scheduler.runNext());
        assertEquals(2, f.connector.requests().size());
        assertEquals("romeo_m", f.connector.requests().get(1).nick());
        assertEquals(Optional.of(Secret.of("pw")), f.connector.requests().get(1).serverPassword());
        assertTrue(f.connector.last().lines().contains("JOIN #verona"), f.connector.last().lines().toString());
    }

    @Test
    void aServerConnectedLaterUsesTheNewSettings() throws Exception {
        f.session.registrationChanged(changed());
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        assertEquals("romeo_m", f.connector.requests().get(0).nick());
        // another server has no per-server nick: the registration's default
        f.session.sendMessage(new OutgoingMessage("m2", new IrcAddress.User(SessionFixture.OTHER, "tybalt"), "hi",
                false));
        assertEquals("romeo", f.connector.requests().get(1).nick());
    }

    @Test
    void onlyANickThatChangedIsSent() throws Exception {
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        // the server-given nick is not "changed back" when something else changes
        f.session.registrationChanged(registration(Map.of(IrcUserServerSettings.key(HOST, "realname"), "R. M.")));
        assertEquals(List.of("PRIVMSG juliet hi"), f.connector.last().lines());
        assertEquals(1, f.connector.connections().size(), "a new real name waits for the next connection");
    }

    @Test
    void addedAutoJoinChannelsAreJoinedNowByTheJoinPath() throws Exception {
        f.connector.respondWith((connection, message) -> {
            if (message.command().equals("JOIN")) {
                String channel = message.params().get(0);
                connection.serverSays(":" + connection.nick() + "!r@gateway.example JOIN " + channel);
                connection.serverSays(":irc.example.net 366 " + connection.nick() + " " + channel + " :End");
            }
        });
        f.session.registrationChanged(registration(Map.of(IrcUserServerSettings.key(HOST, "auto-join"), "#a")));
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        assertEquals(List.of("JOIN #a", "PRIVMSG juliet hi"), f.connector.last().lines());
        f.session.registrationChanged(registration(Map.of(IrcUserServerSettings.key(HOST, "auto-join"), "#A,#b")));
        assertEquals(List.of("JOIN #a", "PRIVMSG juliet hi", "JOIN #b"), f.connector.last().lines(),
                "only the added channel, compared without case");
        assertEquals(List.of("#a", "#b"), f.sink.joined.stream().map(j -> ((IrcAddress.Channel) j.room()).name())
                .toList());
        // removed from the list: not left (the user may be in it)
        f.session.registrationChanged(registration(Map.of()));
        assertEquals(3, f.connector.last().lines().size());
    }

    @Test
    void alwaysOnTurnedOnConnectsAtOnce() throws Exception {
        f.session.connect();
        assertTrue(f.connector.connections().isEmpty());
        f.session.registrationChanged(registration(Map.of(IrcUserServerSettings.key(HOST, "always-on"), "true")));
        assertEquals(List.of(java.time.Duration.ZERO), f.scheduler.delays(), "no jitter for the user's own toggle");
        assertTrue(f.scheduler.runNext());
        assertEquals(1, f.connector.connections().size());
        assertTrue(f.session.links().containsKey(HOST));
        // turned off: the open connection stays while the session is open (the core decides about the session)
        f.session.registrationChanged(registration(Map.of()));
        assertTrue(f.connector.last().isOpen());
    }

    @Test
    void reconnectNowQuitsAndReconnectsWithTheNewSettingsAndRejoins() throws Exception {
        f.connector.respondWith((connection, message) -> {
            if (message.command().equals("JOIN")) {
                String channel = message.params().get(0);
                connection.serverSays(":" + connection.nick() + "!r@gateway.example JOIN " + channel);
                connection.serverSays(":irc.example.net 366 " + connection.nick() + " " + channel + " :End");
            }
        });
        f.session.joinRoom(new im.switchboard.core.spi.RoomJoin(new IrcAddress.Channel(HOST, "#chat"), "romeo",
                Optional.empty()));
        FakeIrcConnection first = f.connector.last();
        Registration withPassword = new Registration(SessionFixture.USER, Map.of("nick", "romeo",
                IrcUserServerSettings.key(HOST, "realname"), "Romeo Montague"),
                Map.of(IrcUserServerSettings.key(HOST, "server-password"), Secret.of("pw")));
        f.session.registrationChanged(withPassword);
        assertEquals(1, f.connector.connections().size(), "credentials alone wait for the next connection");

        Map<String, String> fields = new java.util.HashMap<>(withPassword.fields());
        fields.put(IrcUserServerSettings.key(HOST, IrcUserServerSettings.RECONNECT), "1");
        f.session.registrationChanged(new Registration(SessionFixture.USER, fields, withPassword.secrets()));
        assertTrue(f.sink.events.stream().anyMatch(e -> e.toString().contains("DISCONNECTED")),
                "the room is told the connection went: " + f.sink.events);
        assertTrue(f.scheduler.runNext());
        assertEquals("QUIT " + IrcServerLink.RECONNECT_REASON, first.lines().get(first.lines().size() - 1));
        assertEquals(2, f.connector.connections().size());
        assertEquals("Romeo Montague", f.connector.requests().get(1).realname());
        assertEquals(Optional.of(Secret.of("pw")), f.connector.requests().get(1).serverPassword());
        assertEquals(List.of("JOIN #chat"), f.connector.last().lines(), "the room is rejoined");
        assertEquals(2, f.sink.joined.size());
        // the same counter again is no new request
        f.session.registrationChanged(new Registration(SessionFixture.USER, fields, withPassword.secrets()));
        assertEquals(0, f.scheduler.waiting());
    }

    private static Registration registration(Map<String, String> extra) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("nick", "romeo"));
        fields.putAll(extra);
        return new Registration(SessionFixture.USER, fields, Map.of());
    }

    @Test
    void anotherUsersRegistrationIsIgnored() throws Exception {
        f.session.registrationChanged(new Registration("tybalt@capulet.lit",
                Map.of("nick", "tybalt"), Map.of()));
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        assertEquals(List.of("romeo"), f.connector.requests().stream().map(r -> r.nick()).toList());
    }
}
