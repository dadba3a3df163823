package im.switchboard.irc.ident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The table answers only the host at the other end of a live connection, about that connection. */
@Timeout(10)
class IdentTableTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private ServerSocket ircServer;
    private Socket gatewaySide;
    private final IdentTable table = new IdentTable();

    @BeforeEach
    void connect() throws Exception {
        ircServer = new ServerSocket(0, 5, LOOPBACK);
        gatewaySide = new Socket();
        gatewaySide.connect(new InetSocketAddress(LOOPBACK, ircServer.getLocalPort()));
    }

    @AfterEach
    void close() throws Exception {
        gatewaySide.close();
        ircServer.close();
    }

    @Test
    void theServerAtTheOtherEndLearnsWhoseConnectionItIs() {
        table.register(gatewaySide, "abcdefghij");
        assertEquals(Optional.of("abcdefghij"),
                table.userId(LOOPBACK, gatewaySide.getLocalPort(), ircServer.getLocalPort()));
    }

    @Test
    void wrongPortsOrAnotherHostLearnNothing() throws Exception {
        table.register(gatewaySide, "abcdefghij");
        int local = gatewaySide.getLocalPort();
        int remote = ircServer.getLocalPort();
        assertTrue(table.userId(LOOPBACK, local, remote == 65535 ? 1 : remote + 1).isEmpty(), "other remote port");
        assertTrue(table.userId(LOOPBACK, local == 65535 ? 1 : local + 1, remote).isEmpty(), "other local port");
        InetAddress elsewhere = InetAddress.getByName("192.0.2.7");
        assertTrue(table.userId(elsewhere, local, remote).isEmpty(), "a host that is not the peer");
    }

    @Test
    void anIpv4PeerSeenAsMappedIpv6IsTheSameHost() throws Exception {
        table.register(gatewaySide, "abcdefghij");
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF,
            (byte) 0xFF, 127, 0, 0, 1});
        assertTrue(IdentTable.sameHost(mapped, LOOPBACK));
        assertEquals(Optional.of("abcdefghij"),
                table.userId(mapped, gatewaySide.getLocalPort(), ircServer.getLocalPort()));
    }

    @Test
    void aClosedOrForgottenSocketIsNobodys() throws Exception {
        table.register(gatewaySide, "abcdefghij");
        int local = gatewaySide.getLocalPort();
        gatewaySide.close();
        assertTrue(table.userId(LOOPBACK, local, ircServer.getLocalPort()).isEmpty());
        assertEquals(0, table.size(), "a closed socket found at lookup is dropped");

        try (Socket other = new Socket()) {
            other.connect(new InetSocketAddress(LOOPBACK, ircServer.getLocalPort()));
            table.register(other, "klmnopqrst");
            table.forget(gatewaySide);
            assertEquals(1, table.size(), "forgetting an old socket leaves a newer one alone");
            table.forget(other);
            assertEquals(0, table.size());
        }
    }

    @Test
    void anUnconnectedSocketCannotBeRegistered() throws Exception {
        try (Socket unconnected = new Socket()) {
            assertThrows(IllegalArgumentException.class, () -> table.register(unconnected, "abcdefghij"));
        }
    }
}
