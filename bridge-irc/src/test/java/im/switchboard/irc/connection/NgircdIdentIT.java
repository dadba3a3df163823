package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.irc.ident.IdentServer;
import im.switchboard.irc.ident.IdentUserIds;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import im.switchboard.irc.testing.TestCa;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ident server (RFC 1413) with a real ngircd that asks it ({@code Ident = yes}). ngircd asks port 113 of the
 * client's address, so this test's ident server listens on 127.0.0.1:113 (the tests run as root; the port must
 * be free).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NgircdIdentIT {

    @Test
    void ngircdShowsTheHashedUserNameVerifiedAndOthersUnverified() throws Exception {
        try (IrcServerProcess server = Ngircd.builder().ident(true).start()) {
            IrcServerPolicy policy = ConnectionChecks.plain(server, 5, Duration.ZERO, 5);
            PircIrcConnector connector = ConnectionChecks.connector(Set.of(policy), TestCa.get().clientContext());
            try (IdentServer ident = IdentServer.start(
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 113), connector.idents());
                    RawIrcClient observer = RawIrcClient.connect(server.host(), server.plainPort(), "observer")) {
                IrcConnection connection = connector.create(ConnectionChecks.request(policy, "identromeo"));
                try {
                    connection.open(new RecordingListener());
                    // A verified ident: the hash, without the "~" of an unverified user name.
                    assertEquals(IdentUserIds.of("identromeo@montague.lit"), whoisUser(observer, "identromeo"));
                } finally {
                    connection.close("bye");
                }
                // The observer's own connection is nobody's in the table: NO-USER, so ngircd marks it "~".
                assertEquals("~observer", whoisUser(observer, "observer"));
                assertEquals(0, connector.idents().size(), "a closed connection is forgotten");
            }
        }
    }

    /** The user part of {@code RPL_WHOISUSER} (311): {@code 311 me nick user host * :realname}. */
    private static String whoisUser(RawIrcClient observer, String nick) {
        observer.clearReceived();
        observer.send("WHOIS " + nick);
        String reply = observer.awaitLine(l -> RawIrcClient.hasCommand(l, "311") && l.contains(" " + nick + " "),
                ConnectionChecks.WAIT);
        return reply.split(" ")[4];
    }
}
