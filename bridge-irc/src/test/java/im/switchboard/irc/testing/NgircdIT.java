package im.switchboard.irc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ngircd fixture: registration, a channel conversation, TLS with and without the test CA, restarts. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NgircdIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static IrcServerProcess server;

    @BeforeAll
    static void startServer() {
        server = Ngircd.builder().tls(true).operator("admin", "operpass").motd("hello from the fixture").start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoClientsTalkInAChannel() {
        FixtureChecks.twoClientsTalkInAChannel(server, "ng");
    }

    @Test
    void announcesItsServerNameAndMotd() {
        try (RawIrcClient client = RawIrcClient.connect(server.host(), server.plainPort(), "motdreader")) {
            String welcome = client.awaitLine(line -> RawIrcClient.hasCommand(line, "001"), WAIT);
            assertTrue(welcome.startsWith(":" + server.serverName() + " "), welcome);
            client.awaitLine(line -> line.contains("hello from the fixture"), WAIT);
        }
    }

    @Test
    void operatorCanLogIn() {
        try (RawIrcClient client = RawIrcClient.connect(server.host(), server.plainPort(), "operuser")) {
            client.send("OPER admin operpass");
            client.awaitLine(line -> RawIrcClient.hasCommand(line, "381"), WAIT);
        }
    }

    @Test
    void tlsWorksWithTheTestCaAndFailsWithout() {
        FixtureChecks.tlsWithAndWithoutCa(server);
    }

    @Test
    void manyClientsFromOneAddressAreAccepted() {
        FixtureChecks.manyClients(server, "many", 25);
    }

    @Test
    void stopStartAndKillKeepThePorts() {
        try (IrcServerProcess own = Ngircd.builder().start()) {
            FixtureChecks.restarts(own);
        }
    }

    @Test
    void perIpLimitIsApplied() {
        try (IrcServerProcess limited = Ngircd.builder().maxConnectionsPerIp(2).start();
                RawIrcClient first = RawIrcClient.connect(limited.host(), limited.plainPort(), "first")) {
            // The readiness probe has quit; one slot is left for a second client, none for a third.
            try (RawIrcClient second = RawIrcClient.connect(limited.host(), limited.plainPort(), "second")) {
                assertEquals("second", second.nick());
                assertThrows(AssertionError.class,
                        () -> RawIrcClient.connect(limited.host(), limited.plainPort(), "third").close());
            }
        }
    }

    @Test
    void missingTlsListenerWhenTlsIsOff() {
        try (IrcServerProcess plain = Ngircd.builder().start()) {
            assertEquals(-1, plain.tlsPort());
            assertTrue(plain.logFile().toFile().isFile());
        }
    }
}
