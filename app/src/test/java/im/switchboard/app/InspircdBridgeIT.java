package im.switchboard.app;

import static im.switchboard.app.IrcTestGateway.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.irc.testing.Inspircd;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.RawIrcClient;
import im.switchboard.irc.testing.TestCa;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IRC bridge end to end against InspIRCd with Atheme services (Debian's packages), reached over TLS with a
 * certificate of the test CA, which the gateway trusts through {@code [irc-servers.NAME] ca-file} only. Besides
 * the shared tests: SASL PLAIN configured with the Configure command.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class InspircdBridgeIT extends AbstractIrcBridgeIT {

    @TempDir
    static Path workDir;

    private String julietPassword;

    @Override
    IrcServerProcess startIrc() {
        julietPassword = secret("Sasl");
        return Inspircd.builder().tls(true).sasl(true).account("juliet", julietPassword).start();
    }

    @Override
    IrcTestGateway.Target target(IrcServerProcess server) {
        return IrcTestGateway.Target.tls(server, TestCa.get().caCertificatePem());
    }

    @Override
    List<String> xmppUsers() {
        return List.of("romeo", "mallory", "juliet");
    }

    /** InspIRCd ignores PASS when the connect class has no password: PASS is sent, and must not be logged. */
    @Override
    Map<String, String> romeoServerSettings() {
        return Map.of("nickserv-password", secret("Nsv"), "server-password", secret("Srv"));
    }

    /** The same TLS listener under its IP address, without the test CA: the certificate cannot be verified. */
    @Override
    String extraServers(IrcServerProcess server) {
        return """

                [irc-servers.noca]
                host = "127.0.0.1"
                port = %d
                tls = true
                """.formatted(server.tlsPort());
    }

    /** 127.0.0.1 is listed here (without the CA); Linux answers all of 127/8 on loopback. */
    @Override
    List<String> notListedHosts() {
        return List.of("127.0.0.2", "irc.example.net");
    }

    @Override
    Path workDir() {
        return workDir;
    }

    @Test
    @Order(40)
    void aCertificateOfAnUntrustedCaIsRefused() {
        // THREATS C4: the test CA is trusted for "localhost" only (ca-file); the same server as 127.0.0.1, whose
        // name the certificate carries too, is refused because its CA is not trusted there.
        String room = "#tls%127.0.0.1@" + IrcTestGateway.DOMAIN;
        romeo.sendRawXml("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/>"
                + "</presence>");
        Presence error = romeo.awaitPresence(p -> p.getFrom() != null
                && p.getFrom().asBareJid().toString().equals(room) && p.getType() == Presence.Type.error, WAIT);
        assertTrue(error.getError().getDescriptiveText().contains("certificate"), error.toXML().toString());
    }

    @Test
    @Order(50)
    void saslCredentialsFromConfigureLogTheUserIn() {
        try (XmppTestClient juliet = stack.loginRegistered("juliet", "juliet")) {
            IrcTestGateway.configureAndRelogin(juliet, Map.of("sasl-account", "juliet", "sasl-password",
                    julietPassword));
            Presence self = IrcRooms.join(juliet, CHANNEL, "juliet");
            assertEquals(Presence.Type.available, self.getType());
            alice.clearReceived();
            alice.send("WHOIS juliet");
            // RPL_WHOISACCOUNT (330): "<client> <nick> <account> :is logged in as".
            String account = alice.awaitLine(line -> RawIrcClient.hasCommand(line, "330")
                    || RawIrcClient.hasCommand(line, "318"), WAIT);
            assertTrue(account.contains(" 330 alice juliet juliet "), account);
        }
    }
}
