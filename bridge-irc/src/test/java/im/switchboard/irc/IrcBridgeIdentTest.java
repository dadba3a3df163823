package im.switchboard.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.ConfigException;
import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Schema;
import im.switchboard.core.spi.BridgeContext;
import im.switchboard.irc.connection.IrcConnector;
import im.switchboard.irc.ident.IdentTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge runs the ident server its {@code [irc]} keys ask for, with its connector's table. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcBridgeIdentTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static IrcBridge bridge(IdentTable table, String irc) {
        IrcConnector connector = new IrcConnector() {
            @Override
            public im.switchboard.irc.connection.IrcConnection create(
                    im.switchboard.irc.connection.IrcConnectRequest request) {
                throw new UnsupportedOperationException("no connection in this test");
            }

            @Override
            public Optional<IdentTable> identTable() {
                return Optional.of(table);
            }
        };
        IrcBridge bridge = new IrcBridge(settings -> connector, (delay, task) -> () -> { }, Clock.systemUTC(),
                SplittableRandom::new);
        bridge.configure(ConfigLoader.parse(irc, Schema.of(IrcSettings.IRC, IrcSettings.SERVERS), Map.of()));
        return bridge;
    }

    @Test
    void startsOnTheConfiguredPortAnswersFromTheConnectorsTableAndStopsWithTheBridge() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        IdentTable table = new IdentTable();
        IrcBridge bridge = bridge(table, "[irc]\nidentd-port = " + port + "\nidentd-address = \"127.0.0.1\"\n");
        bridge.start(new BridgeContext("irc.gw.example"));
        try (ServerSocket ircServer = new ServerSocket(0, 5, LOOPBACK); Socket gatewaySide = new Socket()) {
            assertEquals(Optional.of(port), bridge.identPort());
            gatewaySide.connect(new InetSocketAddress(LOOPBACK, ircServer.getLocalPort()));
            table.register(gatewaySide, "abcdefghij");
            String query = gatewaySide.getLocalPort() + ", " + ircServer.getLocalPort();
            assertEquals(gatewaySide.getLocalPort() + " , " + ircServer.getLocalPort()
                    + " : USERID : UNIX : abcdefghij", ask(port, query));
        } finally {
            bridge.stop();
        }
        assertEquals(Optional.empty(), bridge.identPort());
        assertThrows(IOException.class, () -> ask(port, "1, 2"), "stopped with the bridge");
    }

    @Test
    void offByDefault() {
        assertStartsWithoutIdent("[irc]\n");
    }

    @Test
    void aPortInUseLeavesTheBridgeRunningWithoutIdent() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 5, LOOPBACK)) {
            assertStartsWithoutIdent("[irc]\nidentd-port = " + taken.getLocalPort()
                    + "\nidentd-address = \"127.0.0.1\"\n");
        }
    }

    private static void assertStartsWithoutIdent(String irc) {
        IrcBridge bridge = bridge(new IdentTable(), irc);
        bridge.start(new BridgeContext("irc.gw.example"));
        try {
            assertEquals(Optional.empty(), bridge.identPort());
        } finally {
            bridge.stop();
        }
    }

    @Test
    void theAddressMustBeAnIpLiteral() {
        for (String bad : new String[] {"localhost", "irc.example.net", "deadbeef", "1.2.3", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> bridge(new IdentTable(),
                    "[irc]\nidentd-port = 113\nidentd-address = \"" + bad + "\"\n"), bad);
            assertTrue(e.getMessage().contains("identd-address"), e.getMessage());
        }
        assertThrows(ConfigException.class, () -> bridge(new IdentTable(), "[irc]\nidentd-port = 70000\n"));
    }

    private static String ask(int port, String query) throws IOException {
        try (Socket asker = new Socket()) {
            asker.connect(new InetSocketAddress(LOOPBACK, port), 2000);
            asker.getOutputStream().write((query + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(asker.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (line == null) {
                throw new IOException("closed without an answer");
            }
            return line;
        }
    }
}
