package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.BanEntry;
import im.switchboard.core.spi.ForbiddenException;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.RoomConfiguration;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.IrcConnectorSettings;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.irc.connection.PircIrcConnector;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import im.switchboard.irc.testing.TestCa;
import im.switchboard.registration.Registration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * XEP-0045 room configuration (section 10.2) and ban list (9.2) against a real ngircd on loopback: the operator's
 * +m/+t round trip reaches a plain IRC client and reads back from RPL_CHANNELMODEIS, a ban set through a
 * moderation comes back from RPL_BANLIST, and a member who is no operator may not configure.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IrcRoomSettingsNgircdIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static IrcServerProcess server;

    @BeforeAll
    static void startServer() {
        server = Ngircd.builder().start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static IrcSession session(SessionSink sink, String user, String nick) {
        IrcServerPolicy policy = new IrcServerPolicy("localhost", server.plainPort(), false, Optional.empty(), 5,
                Duration.ZERO, 10);
        IrcSettings settings = new IrcSettings(Optional.empty(), false, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1), "Switchboard IT", 5,
                IrcSettings.Formatting.STRIP, Duration.ofMinutes(1), Duration.ofSeconds(10), false,
                Map.of("localhost", policy), Duration.ofSeconds(5));
        PircIrcConnector connector = new PircIrcConnector(Set.of(policy), TestCa.get().clientContext(),
                IrcConnectorSettings.defaults());
        return new IrcSession(new SessionContext(new Registration(user, Map.of("nick", nick)), sink),
                new SessionEnvironment(settings, connector, ReconnectScheduler.virtualThreads(), Clock.systemUTC(),
                        new Random(5)));
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
    void anOperatorConfiguresTheChannelAndReadsItsBans() throws Exception {
        IrcAddress.Channel room = new IrcAddress.Channel("localhost", "#capulets");
        SessionSink romeoSink = new SessionSink();
        IrcSession romeo = session(romeoSink, "romeo@montague.lit", "romeo");
        SessionSink julietSink = new SessionSink();
        IrcSession juliet = session(julietSink, "juliet@capulet.lit", "juliet");
        try (RawIrcClient nurse = RawIrcClient.connect(server.host(), server.plainPort(), "nurse")) {
            // The first to enter a new channel is its operator.
            romeo.joinRoom(new RoomJoin(room, "romeo", Optional.empty()));
            await(() -> romeoSink.joined.size() == 1, "romeo's join reported");
            nurse.send("JOIN #capulets");
            nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);

            RoomConfiguration before = romeo.roomConfiguration(room);
            boolean topicLocked = !before.changeSubject().orElseThrow();
            assertEquals(Optional.of(false), before.moderated(), before.toString());
            romeo.configureRoom(room, new RoomConfiguration(Optional.of(topicLocked), Optional.of(true),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty()));
            // One MODE line with both flags (":romeo!~r@host MODE #capulets +m-t" or similar).
            String mode = nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "MODE"), WAIT);
            String flags = mode.split(" ")[3];
            assertTrue(flags.contains("m") && flags.contains("t"), mode);
            RoomConfiguration after = romeo.roomConfiguration(room);
            assertEquals(Optional.of(true), after.moderated(), after.toString());
            assertEquals(Optional.of(topicLocked), after.changeSubject(), after.toString());

            romeo.moderate(room, new Moderation.Ban("tybalt", ""));
            nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "MODE") && line.contains("+b"), WAIT);
            List<BanEntry> bans = romeo.banList(room);
            assertEquals(1, bans.size(), bans.toString());
            assertEquals("tybalt!*@*", bans.get(0).mask());
            assertEquals(Optional.of(new IrcAddress.User("localhost", "tybalt")), bans.get(0).user());

            juliet.joinRoom(new RoomJoin(room, "juliet", Optional.empty()));
            await(() -> julietSink.joined.size() == 1, "juliet's join reported");
            assertThrows(ForbiddenException.class, () -> juliet.roomConfiguration(room));
            // ngircd shows the ban list to every member.
            assertEquals(bans, juliet.banList(room));
        } finally {
            romeo.close();
            juliet.close();
        }
    }
}
