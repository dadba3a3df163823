package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.command.ConfigureCommand;
import im.switchboard.irc.connection.IrcConnectorSettings;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.irc.connection.PircIrcConnector;
import im.switchboard.irc.testing.Inspircd;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.RawIrcClient;
import im.switchboard.irc.testing.TestCa;
import im.switchboard.registration.Registration;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link IrcSession} against a real InspIRCd on loopback, with the production connector and scheduler: a join
 * under the JOIN watch is reported as usual, and XEP-0085 typing reaches a plain IRC client that negotiated
 * {@code message-tags} as the IRCv3 {@code +typing} client tag.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IrcSessionInspircdIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static IrcServerProcess server;

    @BeforeAll
    static void startServer() {
        server = Inspircd.builder().start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static IrcSession session(SessionSink sink, String user, String nick) {
        return session(sink, new Registration(user, Map.of("nick", nick)));
    }

    private static IrcServerPolicy policy() {
        return new IrcServerPolicy("localhost", server.plainPort(), false, Optional.empty(), 5, Duration.ZERO, 10);
    }

    private static IrcSettings settings() {
        return new IrcSettings(Optional.empty(), false, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1), "Switchboard IT", 5,
                IrcSettings.Formatting.STRIP, Duration.ofMinutes(1), Duration.ofSeconds(10), false,
                Map.of("localhost", policy()), Duration.ofSeconds(5));
    }

    private static IrcSession session(SessionSink sink, Registration registration) {
        PircIrcConnector connector = new PircIrcConnector(Set.of(policy()), TestCa.get().clientContext(),
                IrcConnectorSettings.defaults());
        return new IrcSession(new SessionContext(registration, sink),
                new SessionEnvironment(settings(), connector, ReconnectScheduler.virtualThreads(), Clock.systemUTC(),
                        new Random(3)));
    }

    private static void await(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll
        }
    }

    @Test
    void aRealJoinIsReportedAndTypingReachesATagAwareClient() throws Exception {
        try (RawIrcClient juliet = RawIrcClient.open(server.host(), server.plainPort(), null)) {
            juliet.send("CAP REQ :message-tags");
            juliet.awaitLine(line -> line.contains(" ACK ") && line.contains("message-tags"), WAIT);
            juliet.send("CAP END");
            juliet.register("juliet");
            juliet.send("JOIN #verona");
            juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);

            SessionSink sink = new SessionSink();
            IrcSession romeo = session(sink, "romeo@montague.lit", "romeo");
            try {
                romeo.joinRoom(new RoomJoin(new IrcAddress.Channel("localhost", "#verona"), "romeo",
                        Optional.empty()));
                await(() -> sink.joined.size() == 1, "romeo's join reported");
                assertEquals(2, sink.joined.get(0).occupants().size(), sink.joined.get(0).toString());
                assertTrue(sink.events.stream().noneMatch(e -> e.toString().startsWith("joinFailed")));

                IrcAddress.User to = new IrcAddress.User("localhost", "juliet");
                romeo.sendMessage(new OutgoingMessage("m1", to, "But soft!", false));
                juliet.awaitLine(line -> line.contains("PRIVMSG juliet :But soft!"), WAIT);
                romeo.sendChatState(to, ChatState.COMPOSING);
                // InspIRCd writes the target as a trailing parameter: "TAGMSG :juliet"
                String typing = juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "TAGMSG"), WAIT);
                assertTrue(typing.startsWith("@") && typing.contains("+typing=active"), typing);
                romeo.sendChatState(to, ChatState.PAUSED);
                String paused = juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "TAGMSG")
                        && line.contains("+typing=paused"), WAIT);
                assertTrue(paused.contains(":romeo!"), paused);
            } finally {
                romeo.close();
            }
        }
    }

    /**
     * Configure on the server's JID while connected (the command's stored registration reaches the open session):
     * the new nick is taken at once (NICK), a channel added to auto-join is joined at once, and "reconnect now"
     * makes a new real name apply: QUIT, a new connection with it, the room rejoined.
     */
    @Test
    void configureAppliesToTheOpenConnection() throws Exception {
        try (RawIrcClient juliet = RawIrcClient.connect(server.host(), server.plainPort(), "juliet")) {
            juliet.send("JOIN #capulet");
            juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
            juliet.send("JOIN #mantua");
            juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "366") && line.contains("#mantua"), WAIT);

            SessionSink sink = new SessionSink();
            Registration registered = new Registration("romeo@montague.lit", Map.of("nick", "romeo"));
            IrcSession romeo = session(sink, registered);
            ConfigureCommand configure = new ConfigureCommand(IrcSessionInspircdIT::settings);
            Optional<LegacyAddress> serverJid = Optional.of(new IrcAddress.Server("localhost"));
            try {
                romeo.joinRoom(new RoomJoin(new IrcAddress.Channel("localhost", "#capulet"), "romeo",
                        Optional.empty()));
                await(() -> sink.joined.size() == 1, "romeo's join reported");

                Registration renamed = configure.execute(registered, serverJid, Map.of("nick", "Romeo_M",
                        "auto-join", "#mantua"), Map.of());
                romeo.registrationChanged(renamed);
                juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "NICK") && line.startsWith(":romeo!")
                        && line.contains("Romeo_M"), WAIT);
                juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "JOIN") && line.startsWith(":Romeo_M!")
                        && line.contains("#mantua"), WAIT);
                await(() -> sink.joined.size() == 2, "the auto-join channel reported joined");

                Registration reconnect = configure.execute(renamed, serverJid, Map.of("nick", "Romeo_M",
                        "auto-join", "#mantua", "realname", "Romeo Montague", ConfigureCommand.RECONNECT_NOW, "true"),
                        Map.of());
                assertTrue(configure.completedNote(renamed, reconnect, serverJid).contains("reconnecting now"));
                juliet.clearReceived();
                romeo.registrationChanged(reconnect);
                juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "QUIT") && line.startsWith(":Romeo_M!")
                        && line.contains(IrcServerLink.RECONNECT_REASON), WAIT);
                juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "JOIN") && line.startsWith(":Romeo_M!")
                        && line.contains("#capulet"), WAIT);
                juliet.send("WHOIS Romeo_M");
                String whois = juliet.awaitLine(line -> RawIrcClient.hasCommand(line, "311"), WAIT);
                assertTrue(whois.endsWith(":Romeo Montague"), whois);
                await(() -> sink.joined.size() >= 4, "both rooms rejoined");
            } finally {
                romeo.close();
            }
        }
    }

    /**
     * InspIRCd's {@code redirect} module: a full channel with {@code +L #to} forwards a join with ERR_LINKCHANNEL
     * (470) and puts the user into {@code #to}. The join fails with a redirect naming {@code #to}; the user's join
     * of {@code #to} is answered from what the link holds; a user who does not join it is parted after the join
     * timeout (5 s here).
     */
    @Test
    void aFullChannelForwardsTheJoinAsARedirect() throws Exception {
        try (RawIrcClient nurse = RawIrcClient.connect(server.host(), server.plainPort(), "nurse")) {
            nurse.send("JOIN #to");
            nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "366") && line.contains("#to"), WAIT);
            nurse.send("JOIN #from");
            nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "366") && line.contains("#from"), WAIT);
            nurse.send("MODE #from +lL 1 #to");
            nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "MODE") && line.contains("#from")
                    && line.contains("L"), WAIT);
            IrcAddress.Channel from = new IrcAddress.Channel("localhost", "#from");
            IrcAddress.Channel to = new IrcAddress.Channel("localhost", "#to");

            SessionSink sink = new SessionSink();
            IrcSession romeo = session(sink, "romeo@montague.lit", "romeo");
            try {
                romeo.joinRoom(new RoomJoin(from, "romeo", Optional.empty()));
                await(() -> sink.events.contains("redirected " + from.display() + " -> " + to.display()),
                        "the redirect: " + sink.events);
                assertTrue(sink.joinFailureTexts.get(0).contains("#to"), sink.joinFailureTexts.toString());
                nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "JOIN") && line.startsWith(":romeo!")
                        && line.contains("#to"), WAIT);
                assertEquals(0, sink.joined.size(), "#to is held, not pushed as a room");

                romeo.joinRoom(new RoomJoin(to, "romeo", Optional.empty()));
                await(() -> sink.joined.size() == 1, "#to answered from the held state");
                assertEquals(to, sink.joined.get(0).room());
                assertEquals(2, sink.joined.get(0).occupants().size(), sink.joined.get(0).toString());
            } finally {
                romeo.close();
            }

            SessionSink other = new SessionSink();
            IrcSession tybalt = session(other, "tybalt@capulet.lit", "tybalt");
            try {
                tybalt.joinRoom(new RoomJoin(from, "tybalt", Optional.empty()));
                await(() -> other.events.contains("redirected " + from.display() + " -> " + to.display()),
                        "the redirect: " + other.events);
                nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "PART") && line.startsWith(":tybalt!")
                        && line.contains("#to"), WAIT);
                assertEquals(0, other.joined.size());
            } finally {
                tybalt.close();
            }
        }
    }
}
