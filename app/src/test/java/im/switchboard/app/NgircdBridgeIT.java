package im.switchboard.app;

import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IRC bridge end to end against ngircd (Debian's package), reached in plain text on loopback. No server
 * password here: ngircd without a configured password refuses any PASS ("Bad server password").
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
    Path workDir() {
        return workDir;
    }
}
