package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.irc.session.TranslatorChecks;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import im.switchboard.irc.testing.TestCa;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection against a real ngircd on loopback (with TLS from the test CA). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NgircdConnectionIT {

    private static IrcServerProcess server;

    @BeforeAll
    static void startServer() {
        server = Ngircd.builder().tls(true).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registersAndSendsInOrder() throws Exception {
        ConnectionChecks.registersAndSendsInOrder(server, "ng");
    }

    @Test
    void injectionGivesOneLine() throws Exception {
        ConnectionChecks.injectionGivesOneLine(server, "ng");
    }

    @Test
    void tlsVerifiesCertificateAndHostName() throws Exception {
        ConnectionChecks.tls(server, "ng");
    }

    @Test
    void notAllowListedServerIsNeverContacted() throws Exception {
        ConnectionChecks.notAllowListed(server);
    }

    @Test
    void connectionCap() throws Exception {
        ConnectionChecks.connectionCap(server, "ng");
    }

    @Test
    void nickCollisionDuringRegistration() throws Exception {
        ConnectionChecks.nickCollision(server, "ng");
    }

    @Test
    void modesAreShownInTheRoom() throws Exception {
        TranslatorChecks.modesAreShownInTheRoom(server, ConnectionChecks.unopened(server, "ngmgw"), "ngm");
    }

    @Test
    void whoAndWhoisRefreshAwayState() throws Exception {
        TranslatorChecks.whoAndWhoisRefreshAwayState(server, ConnectionChecks.unopened(server, "ngwgw"), "ngw");
    }

    @Test
    void serverKillClosesOnce() throws Exception {
        try (IrcServerProcess own = Ngircd.builder().start()) {
            ConnectionChecks.serverKill(own, "ngk");
        }
    }

    @Test
    void tooManyConnectionsFromTheGatewayIsRateLimited() throws Exception {
        try (IrcServerProcess own = Ngircd.builder().maxConnectionsPerIp(1).start();
                RawIrcClient first = RawIrcClient.connect(own.host(), own.plainPort(), "first")) {
            IrcServerPolicy policy = ConnectionChecks.plain(own, 5, Duration.ZERO, 5);
            PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
            IrcConnection connection = connector.create(ConnectionChecks.request(policy, "second"));
            RateLimitedException e = assertThrows(RateLimitedException.class,
                    () -> connection.open(new RecordingListener()));
            assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("too many"), e.getMessage());
        }
    }
}
