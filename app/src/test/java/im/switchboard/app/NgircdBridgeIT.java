package im.switchboard.app;

import static im.switchboard.app.IrcTestGateway.WAIT;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
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
 * The IRC bridge end to end against ngircd (Debian's package), reached in plain text on loopback. No server
 * password for romeo here: ngircd without a configured password refuses any PASS ("Bad server password"), which
 * one test uses on purpose.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NgircdBridgeIT extends AbstractIrcBridgeIT {

    @TempDir
    static Path workDir;

    @Override
    IrcServerProcess startIrc() {
        return Ngircd.builder().start();
    }

    @Override
    IrcTestGateway.Target target(IrcServerProcess server) {
        return IrcTestGateway.Target.plain(server);
    }

    @Override
    List<String> xmppUsers() {
        return List.of("romeo", "mallory", "juliet");
    }

    @Override
    Path workDir() {
        return workDir;
    }

    @Test
    @Order(50)
    void aServerThatRefusesTheRegistrationGetsTheJoinAnswered() {
        try (XmppTestClient juliet = stack.loginRegistered("juliet", "juliet")) {
            IrcTestGateway.configureAndRelogin(juliet, Map.of("server-password", secret("Bad")));
            IrcRooms.sendJoin(juliet, CHANNEL, "juliet");
            // XEP-0045 section 7.2: a join is answered; here the server closed the connection ("Bad server
            // password"), so the answer is an error presence from the room.
            Presence error = juliet.awaitPresence(IrcRooms.fromRoom(CHANNEL)
                    .and(p -> p.getType() == Presence.Type.error), WAIT);
            assertNotNull(error.getError(), error.toXML().toString());
        }
    }
}
