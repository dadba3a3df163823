package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import im.switchboard.config.Secret;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.session.TranslatorChecks;
import im.switchboard.irc.testing.Inspircd;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.TestCa;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The connection against a real InspIRCd with Atheme services (SASL PLAIN, NickServ) and TLS from the test CA. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class InspircdConnectionIT {

    private static final String PASSWORD = "wherefore-art-thou";
    private static final Duration WAIT = ConnectionChecks.WAIT;
    private static IrcServerProcess server;

    @BeforeAll
    static void startServer() {
        server = Inspircd.builder().tls(true).sasl(true).account("romeo", PASSWORD).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static IrcConnectRequest withSecrets(IrcServerPolicy policy, String nick, Optional<String> account,
            Optional<Secret> sasl, Optional<Secret> nickserv) {
        return new IrcConnectRequest(nick + "@montague.lit", policy, nick, nick, "Romeo", Optional.empty(), account,
                sasl, nickserv);
    }

    @Test
    void registersAndSendsInOrder() throws Exception {
        ConnectionChecks.registersAndSendsInOrder(server, "in");
    }

    @Test
    void injectionGivesOneLine() throws Exception {
        ConnectionChecks.injectionGivesOneLine(server, "in");
    }

    @Test
    void tlsVerifiesCertificateAndHostName() throws Exception {
        ConnectionChecks.tls(server, "in");
    }

    @Test
    void notAllowListedServerIsNeverContacted() throws Exception {
        ConnectionChecks.notAllowListed(server);
    }

    @Test
    void connectionCap() throws Exception {
        ConnectionChecks.connectionCap(server, "in");
    }

    @Test
    void nickCollisionDuringRegistration() throws Exception {
        ConnectionChecks.nickCollision(server, "in");
    }

    @Test
    void modesAreShownInTheRoom() throws Exception {
        TranslatorChecks.modesAreShownInTheRoom(server, ConnectionChecks.unopened(server, "inmgw"), "inm");
    }

    /** IRCv3 away-notify and WHOX: the WHO after the join gives an away, logged-in member's state. */
    @Test
    void whoxAfterJoinGivesAwayAndAccount() throws Exception {
        TranslatorChecks.whoxAfterJoinGivesAwayAndAccount(server, ConnectionChecks.unopened(server, "inwgw"), "inw",
                "romeo", PASSWORD);
    }

    @Test
    void serverKillClosesOnce() throws Exception {
        try (IrcServerProcess own = Inspircd.builder().start()) {
            ConnectionChecks.serverKill(own, "ink");
        }
    }

    /** IRCv3 SASL 3.1 PLAIN against Atheme over TLS: 903, and WHOIS shows the account (330). */
    @Test
    void saslPlainLogsIn() throws Exception {
        IrcServerPolicy policy = new IrcServerPolicy("localhost", server.tlsPort(), true, Optional.empty(), 5,
                Duration.ZERO, 5);
        PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection connection = connector.create(withSecrets(policy, "saslok", Optional.of("romeo"),
                Optional.of(Secret.of(PASSWORD)), Optional.empty()));
        RecordingListener listener = new RecordingListener();
        try {
            connection.open(listener);
            assertTrue(connection.features().has("sasl"));
            connection.send(IrcMessage.of("WHOIS", "saslok"));
            IrcMessage account = listener.await(m -> m.command().equals("330"), WAIT);
            assertEquals("romeo", account.params().get(2));
        } finally {
            connection.close("bye");
        }
    }

    @Test
    void saslWrongPasswordIsAnAuthenticationFailure() throws Exception {
        IrcServerPolicy policy = ConnectionChecks.plain(server, 5, Duration.ZERO, 5);
        PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
        IrcConnection connection = connector.create(withSecrets(policy, "saslbad", Optional.of("romeo"),
                Optional.of(Secret.of("not-the-password")), Optional.empty()));
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> connection.open(new RecordingListener()));
        assertFalse(e.getMessage().contains("not-the-password"));
        assertFalse(connection.isOpen());
        assertEquals(0, connector.connections(policy));
    }

    /** Without SASL credentials, NickServ IDENTIFY after 001; Atheme confirms, and no log holds the password. */
    @Test
    void nickServIdentifyWithoutSecretsInLogs() throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
        try {
            IrcServerPolicy policy = ConnectionChecks.plain(server, 5, Duration.ZERO, 5);
            PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
            IrcConnection connection = connector.create(withSecrets(policy, "romeo", Optional.empty(),
                    Optional.empty(), Optional.of(Secret.of(PASSWORD))));
            RecordingListener listener = new RecordingListener();
            try {
                connection.open(listener);
                listener.await(m -> m.command().equals("NOTICE") && m.source().isPresent()
                        && m.source().get().name().equals("NickServ")
                        && m.params().get(1).toLowerCase(java.util.Locale.ROOT).contains("identified"), WAIT);
            } finally {
                connection.close("bye");
            }
            IrcConnection sasl = connector.create(withSecrets(policy, "saslg3", Optional.of("romeo"),
                    Optional.of(Secret.of(PASSWORD)), Optional.empty()));
            sasl.open(new RecordingListener());
            sasl.close("bye");
        } finally {
            root.detachAppender(appender);
        }
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        assertFalse(events.isEmpty());
        for (ILoggingEvent event : events) {
            String text = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertFalse(text.contains(PASSWORD), () -> "the password reached a log: " + event.getLoggerName());
        }
    }
}
