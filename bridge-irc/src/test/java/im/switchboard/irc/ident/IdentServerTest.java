package im.switchboard.irc.ident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RFC 1413 server over real loopback sockets (an ephemeral port instead of 113). */
@Timeout(30)
class IdentServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final IdentTable table = new IdentTable();
    private IdentServer server;
    private ServerSocket ircServer;
    private Socket gatewaySide;

    @BeforeEach
    void start() throws Exception {
        server = IdentServer.start(new InetSocketAddress(LOOPBACK, 0), table);
        ircServer = new ServerSocket(0, 5, LOOPBACK);
        gatewaySide = new Socket();
        gatewaySide.connect(new InetSocketAddress(LOOPBACK, ircServer.getLocalPort()));
        table.register(gatewaySide, IdentUserIds.of("romeo@montague.lit"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        gatewaySide.close();
        ircServer.close();
    }

    @Test
    void answersTheUserIdThenCloses() throws Exception {
        int local = gatewaySide.getLocalPort();
        int remote = ircServer.getLocalPort();
        assertEquals(List.of(local + " , " + remote + " : USERID : UNIX : "
                + IdentUserIds.of("romeo@montague.lit")), ask(local + " , " + remote + "\r\n"));
    }

    @Test
    void noUserForAConnectionThatIsNotOurs() throws Exception {
        int local = gatewaySide.getLocalPort();
        int otherRemote = ircServer.getLocalPort() == 65535 ? 1 : ircServer.getLocalPort() + 1;
        assertEquals(List.of(local + " , " + otherRemote + " : ERROR : NO-USER"),
                ask(local + "," + otherRemote + "\n"));
    }

    @Test
    void invalidPortForWhatIsNotAQuery() throws Exception {
        assertEquals(List.of("0 , 0 : ERROR : INVALID-PORT"), ask("hello, world\r\n"));
    }

    @Test
    void oneQueryPerConnection() throws Exception {
        assertEquals(1, ask("1, 2\r\n3, 4\r\n5, 6\r\n").size(), "one reply, then the server closes");
    }

    @Test
    void anOverlongLineIsNotReadToItsEnd() throws Exception {
        try (Socket asker = new Socket(LOOPBACK, server.port())) {
            BufferedReader in = reader(asker);
            asker.getOutputStream().write("9".repeat(IdentServer.MAX_LINE + 10).getBytes(StandardCharsets.US_ASCII));
            asker.getOutputStream().flush();
            assertNull(in.readLine(), "closed without an answer");
        }
    }

    @Test
    void closedServerRefusesConnections() throws Exception {
        int port = server.port();
        server.close();
        boolean refused;
        try (Socket asker = new Socket()) {
            asker.connect(new InetSocketAddress(LOOPBACK, port), 2000);
            refused = asker.getInputStream().read() < 0;
        } catch (java.io.IOException e) {
            refused = true;
        }
        assertTrue(refused);
    }

    /** Sends {@code text} on a new connection and returns every line until the server closes. */
    private List<String> ask(String text) throws Exception {
        try (Socket asker = new Socket(LOOPBACK, server.port())) {
            asker.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            asker.getOutputStream().flush();
            BufferedReader in = reader(asker);
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }
}
