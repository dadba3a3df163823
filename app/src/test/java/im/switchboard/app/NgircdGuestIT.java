package im.switchboard.app;

import static im.switchboard.app.IrcTestGateway.WAIT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's path of the README (issue 4): with {@code [gateway] rooms-for-unregistered} on, as
 * {@code scripts/run-local.sh} sets it, a user of an allowed domain who never registered with the gateway joins
 * an IRC channel with their MUC nick and talks both ways, with a real Prosody, ngircd and Smack. The IRC
 * connection is opened on demand for the join, in the background (the join waits for it, nothing else does).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NgircdGuestIT {

    private static final String CHANNEL = "#test";

    @TempDir
    static Path workDir;

    @Test
    void anUnregisteredUserJoinsWithTheirNickAndTalksBothWays() throws Exception {
        try (IrcServerProcess irc = Ngircd.builder().start();
                IrcTestGateway stack = IrcTestGateway.start(workDir, IrcTestGateway.Target.plain(irc),
                        List.of("benvolio"), "", true);
                RawIrcClient alice = RawIrcClient.connect(irc.host(), irc.plainPort(), "alice");
                XmppTestClient benvolio = stack.login("benvolio")) {
            alice.send("JOIN " + CHANNEL);
            alice.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);

            Presence self = IrcRooms.join(benvolio, CHANNEL, "benvolio");
            assertTrue(IrcRooms.codes(self).contains(110), "self-presence: " + self.toXML());
            alice.awaitLine(line -> line.startsWith(":benvolio!") && RawIrcClient.hasCommand(line, "JOIN"), WAIT);

            IrcRooms.say(benvolio, CHANNEL, "a guest says hello ✓");
            alice.awaitLine(line -> line.startsWith(":benvolio!")
                    && line.endsWith("PRIVMSG " + CHANNEL + " :a guest says hello ✓"), WAIT);
            alice.send("PRIVMSG " + CHANNEL + " :welcome, guest");
            IrcRooms.awaitGroupchat(benvolio, CHANNEL, "alice", "welcome, guest");
        }
    }
}
