package im.switchboard.irc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The InspIRCd fixture: registration, channels, TLS with and without the test CA, IRCv3 capabilities on offer,
 * restarts, and SASL PLAIN (IRCv3 sasl-3.1: CAP REQ :sasl, AUTHENTICATE PLAIN, 903 / 904) against accounts
 * held by Atheme.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InspircdIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static IrcServerProcess server;

    @BeforeAll
    static void startServer() {
        server = Inspircd.builder().tls(true).sasl(true).account("romeo", "wherefore-art-thou")
                .operator("admin", "operpass").motd("hello from inspircd").start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoClientsTalkInAChannel() {
        FixtureChecks.twoClientsTalkInAChannel(server, "in");
    }

    @Test
    void announcesItsServerNameAndMotd() {
        try (RawIrcClient client = RawIrcClient.connect(server.host(), server.plainPort(), "motdreader")) {
            String welcome = client.awaitLine(line -> RawIrcClient.hasCommand(line, "001"), WAIT);
            assertTrue(welcome.startsWith(":" + server.serverName() + " "), welcome);
            client.awaitLine(line -> line.contains("hello from inspircd"), WAIT);
            client.send("OPER admin operpass");
            client.awaitLine(line -> RawIrcClient.hasCommand(line, "381"), WAIT);
        }
    }

    @Test
    void offersTheIrcv3Capabilities() {
        try (RawIrcClient client = RawIrcClient.open(server.host(), server.plainPort(), null)) {
            client.send("CAP LS 302");
            StringBuilder offered = new StringBuilder();
            // CAP LS 302 may span several lines; the last one has no "*" before the list.
            String last = client.awaitLine(line -> {
                if (line.contains(" CAP * LS ")) {
                    offered.append(' ').append(line.substring(line.lastIndexOf(':') + 1));
                    return !line.contains(" CAP * LS * ");
                }
                return false;
            }, WAIT);
            assertTrue(last.contains(" LS "), last);
            for (String cap : new String[] {"server-time", "message-tags", "echo-message", "batch", "cap-notify",
                "chghost", "account-tag", "account-notify", "away-notify", "extended-join", "multi-prefix",
                "sasl"}) {
                assertTrue((offered + " ").contains(" " + cap + " ") || offered.toString().contains(" " + cap + "="),
                        cap + " not offered: " + offered);
            }
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
    void saslPlainSucceedsForTheAccount() {
        try (RawIrcClient client = RawIrcClient.open(server.host(), server.plainPort(), null)) {
            String numeric = authenticate(client, "romeo", "wherefore-art-thou");
            assertTrue(RawIrcClient.hasCommand(numeric, "903"), numeric);
            client.awaitLine(line -> RawIrcClient.hasCommand(line, "900") && line.contains(" romeo "), WAIT);
            finishRegistration(client, "saslromeo");
        }
    }

    @Test
    void saslPlainFailsForAWrongPassword() {
        try (RawIrcClient client = RawIrcClient.open(server.host(), server.plainPort(), null)) {
            String numeric = authenticate(client, "romeo", "not-the-password");
            assertTrue(RawIrcClient.hasCommand(numeric, "904"), numeric);
            finishRegistration(client, "saslwrong");
            assertTrue(client.received().stream().noneMatch(line -> RawIrcClient.hasCommand(line, "900")),
                    () -> "logged in anyway: " + client.received());
        }
    }

    @Test
    void saslWorksOverTls() {
        try (RawIrcClient client = RawIrcClient.open("localhost", server.tlsPort(), TestCa.get().clientContext())) {
            String numeric = authenticate(client, "romeo", "wherefore-art-thou");
            assertTrue(RawIrcClient.hasCommand(numeric, "903"), numeric);
            finishRegistration(client, "tlsromeo");
        }
    }

    @Test
    void restartKeepsPortsAndServicesLinkAgain() {
        try (IrcServerProcess own = Inspircd.builder().sasl(true).account("juliet", "nightingale").start()) {
            FixtureChecks.restarts(own);
            // Atheme stayed up and linked again: the account made before the restarts still logs in.
            try (RawIrcClient client = RawIrcClient.open(own.host(), own.plainPort(), null)) {
                String numeric = authenticate(client, "juliet", "nightingale");
                assertTrue(RawIrcClient.hasCommand(numeric, "903"), numeric);
            }
        }
    }

    @Test
    void plainServerWithoutServicesHasNoTlsPort() {
        try (IrcServerProcess plain = Inspircd.builder().start();
                RawIrcClient client = RawIrcClient.connect(plain.host(), plain.plainPort(), "plainuser")) {
            assertEquals(-1, plain.tlsPort());
            assertEquals("plainuser", client.nick());
        }
    }

    /** NICK/USER, CAP REQ :sasl, AUTHENTICATE PLAIN (RFC 4616 message); returns the 903/904 line. */
    private static String authenticate(RawIrcClient client, String account, String password) {
        client.send("CAP LS 302");
        client.send("NICK sasl" + Long.toHexString(System.nanoTime() & 0xFFFFFF));
        client.send("USER sasl 0 * :sasl test");
        client.send("CAP REQ :sasl");
        client.awaitLine(line -> line.contains(" CAP ") && line.contains(" ACK ") && line.contains("sasl"), WAIT);
        client.send("AUTHENTICATE PLAIN");
        client.awaitLine(line -> RawIrcClient.hasCommand(line, "AUTHENTICATE"), WAIT);
        // RFC 4616 section 2: [authzid] NUL authcid NUL passwd, base64 in AUTHENTICATE.
        String message = account + "\0" + account + "\0" + password;
        client.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)));
        return client.awaitLine(line -> RawIrcClient.hasCommand(line, "903")
                || RawIrcClient.hasCommand(line, "904"), WAIT);
    }

    private static void finishRegistration(RawIrcClient client, String nick) {
        client.send("CAP END");
        client.send("NICK " + nick);
        client.awaitLine(line -> RawIrcClient.hasCommand(line, "001"), WAIT);
    }
}
