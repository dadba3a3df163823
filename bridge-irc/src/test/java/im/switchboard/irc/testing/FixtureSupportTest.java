package im.switchboard.irc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fixtures' helpers that need no IRC server: binary lookup, canary, free ports, line matching. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FixtureSupportTest {

    @Test
    void missingBinaryFailsNamingTheDebianPackage() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ServerBinary.find("switchboard-no-such-ircd", "switchboard-no-such-package"));
        assertTrue(failure.getMessage().contains("apt-get install switchboard-no-such-package"),
                failure.getMessage());
    }

    @Test
    void canaryCountsEveryAcceptedConnection() throws IOException, InterruptedException {
        try (CanaryServer canary = CanaryServer.start()) {
            assertEquals(0, canary.accepts());
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), canary.port())) {
                    // The canary closes its side at once: reading gives end of stream after the accept.
                    assertEquals(-1, socket.getInputStream().read());
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (canary.accepts() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(3, canary.accepts());
        }
    }

    @Test
    void freePortsAreDistinct() {
        int[] ports = FreePorts.allocate(3);
        assertNotEquals(ports[0], ports[1]);
        assertNotEquals(ports[1], ports[2]);
        assertNotEquals(ports[0], ports[2]);
    }

    @Test
    void commandMatchingSkipsTagsAndPrefix() {
        assertTrue(RawIrcClient.hasCommand("@time=2026-01-01T00:00:00Z :a!b@c PRIVMSG #x :hi", "PRIVMSG"));
        assertTrue(RawIrcClient.hasCommand(":irc.test 001 nick :Welcome", "001"));
        assertTrue(RawIrcClient.hasCommand("PING :token", "PING"));
        assertTrue(!RawIrcClient.hasCommand(":PING!u@h PRIVMSG #x :PING", "PING"));
    }
}
