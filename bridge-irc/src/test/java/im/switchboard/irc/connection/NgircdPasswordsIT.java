package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import im.switchboard.irc.testing.TestCa;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server password ({@code PASS}, RFC 1459 section 4.1.1) and {@code WEBIRC} (IRCv3 WebIRC) against a real
 * ngircd that demands a connection password ({@code Password}) and accepts WEBIRC ({@code WebircPassword}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NgircdPasswordsIT {

    private static final String SERVER_PASSWORD = "door-password-7";
    private static final String WEBIRC_PASSWORD = "webirc-password-9";

    private static IrcServerProcess server;

    @BeforeAll
    static void startServer() {
        server = Ngircd.builder().password(SERVER_PASSWORD).webircPassword(WEBIRC_PASSWORD).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rightServerPasswordRegisters() throws Exception {
        IrcServerPolicy policy = ConnectionChecks.plain(server, 5, Duration.ZERO, 5);
        PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection connection = connector.create(withServerPassword(policy, "passok", SERVER_PASSWORD));
        RecordingListener listener = new RecordingListener();
        try {
            connection.open(listener);
            assertTrue(connection.isOpen());
            listener.await(m -> m.command().equals("001"), ConnectionChecks.WAIT);
            assertEquals("passok", connection.nick());
        } finally {
            connection.close("bye");
        }
        assertEquals(0, connector.connections(policy));
    }

    @Test
    void wrongServerPasswordIsAnAuthenticationFailureThatDoesNotShowThePassword() throws Exception {
        IrcServerPolicy policy = ConnectionChecks.plain(server, 5, Duration.ZERO, 5);
        PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
        String wrong = "not-the-door-password";
        IrcConnection connection = connector.create(withServerPassword(policy, "passbad", wrong));
        LegacyException e = assertThrows(LegacyException.class, () -> connection.open(new RecordingListener()));
        // A refused password is the user's to fix (Configure), not a reason to retry: it must not look transient.
        assertTrue(e instanceof AuthenticationFailedException, "refusal classified as " + e.getClass() + ": "
                + e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(connection.isOpen());
        assertEquals(0, connector.connections(policy));
    }

    @Test
    void webircGivesEachUserAStableHostOfTheirOwn() throws Exception {
        IrcServerPolicy policy = new IrcServerPolicy("localhost", server.plainPort(), false,
                Optional.of(Secret.of(WEBIRC_PASSWORD)), 5, Duration.ZERO, 5);
        PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection romeo = connector.create(withServerPassword(policy, "webromeo", SERVER_PASSWORD));
        IrcConnection juliet = connector.create(new IrcConnectRequest("juliet@capulet.lit", policy, "webjuliet",
                "webjuliet", "Juliet", Optional.of(Secret.of(SERVER_PASSWORD)), Optional.empty(), Optional.empty(),
                Optional.empty()));
        try (RawIrcClient observer = RawIrcClient.connect(server.host(), server.plainPort(), "observer",
                SERVER_PASSWORD)) {
            romeo.open(new RecordingListener());
            juliet.open(new RecordingListener());
            String romeoHost = whoisHost(observer, "webromeo");
            String julietHost = whoisHost(observer, "webjuliet");
            String expected = PircIrcConnection.webirc(Secret.of(WEBIRC_PASSWORD), "webromeo@montague.lit").ip();
            assertEquals(expected, romeoHost, "the host WEBIRC gave: a hash of the JID in fd00::/8");
            assertTrue(romeoHost.startsWith("fd"), romeoHost);
            assertNotEquals(romeoHost, julietHost, "two users, two hosts");

            // Stable: the same user reconnecting gets the same host, so an operator's ban keeps working.
            romeo.close("again");
            IrcConnection again = connector.create(withServerPassword(policy, "webromeo", SERVER_PASSWORD));
            try {
                again.open(new RecordingListener());
                assertEquals(romeoHost, whoisHost(observer, "webromeo"));
            } finally {
                again.close("bye");
            }
        } finally {
            romeo.close("bye");
            juliet.close("bye");
        }
    }

    private static IrcConnectRequest withServerPassword(IrcServerPolicy policy, String nick, String password) {
        return new IrcConnectRequest(nick + "@montague.lit", policy, nick, nick, "Switchboard test " + nick,
                Optional.of(Secret.of(password)), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The host part of {@code RPL_WHOISUSER} (311): {@code 311 me nick user host * :realname}. */
    private static String whoisHost(RawIrcClient observer, String nick) {
        observer.clearReceived();
        observer.send("WHOIS " + nick);
        String reply = observer.awaitLine(l -> RawIrcClient.hasCommand(l, "311") && l.contains(" " + nick + " "),
                ConnectionChecks.WAIT);
        String[] words = reply.split(" ");
        // :server 311 observer nick user host * :realname
        return words[5];
    }
}
