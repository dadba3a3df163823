package im.switchboard.app.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Prosody fixture against the real Debian {@code prosody}: what the end-to-end tests rely on. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProsodyServerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String COMPONENT = "fake.localhost";

    @TempDir
    static Path dir;

    private static ProsodyServer prosody;

    @BeforeAll
    static void startProsody() {
        prosody = ProsodyServer.builder(dir.resolve("main"))
                .virtualHost("other.localhost")
                .component(COMPONENT, "s3cr3t")
                .user("romeo", "localhost", "r0me0-pass")
                .user("juliet", "localhost", "jul1et-pass")
                .user("mallory", "other.localhost", "m4llory-pass")
                .build();
        prosody.start();
    }

    @AfterAll
    static void stopProsody() {
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    @Order(1)
    void listensOnExactlyTheTwoLoopbackPorts() {
        List<String> listening = ListeningSockets.of(prosody.pid());

        assertEquals(2, listening.size(), "listening on " + listening);
        assertEquals(Set.of("127.0.0.1:" + prosody.c2sPort(), "127.0.0.1:" + prosody.componentPort()),
                Set.copyOf(listening), "Prosody must listen on c2s and the component port on 127.0.0.1 only");
    }

    @Test
    @Order(2)
    void romeoSendsJulietAMessage() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "r0me0-pass");
             XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "jul1et-pass")) {
            Message sent = romeo.sendMessage("juliet@localhost", "Art thou not Romeo, and a Montague?");

            Message received = juliet.awaitMessageWithBody("Art thou not Romeo, and a Montague?", WAIT);

            assertEquals("romeo@localhost/test", received.getFrom().toString());
            assertEquals(sent.getStanzaId(), received.getStanzaId());
        }
    }

    /** No rate limit (mod_limits is not loaded): a burst of 1000 messages arrives complete and in order. */
    @Test
    @Order(3)
    void aThousandMessagesArriveInOrderWithoutThrottling() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "r0me0-pass");
             XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "jul1et-pass")) {
            int count = 1000;
            for (int i = 0; i < count; i++) {
                romeo.sendMessage("juliet@localhost", "burst " + i);
            }

            List<Message> received = juliet.awaitMessages(
                    m -> m.getBody() != null && m.getBody().startsWith("burst "), count, WAIT);

            for (int i = 0; i < count; i++) {
                assertEquals("burst " + i, received.get(i).getBody());
            }
        }
    }

    @Test
    @Order(4)
    void secondVirtualHostHasItsOwnUsers() {
        try (XmppTestClient mallory = XmppTestClient.login(prosody, "mallory", "other.localhost", "m4llory-pass");
             XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "jul1et-pass")) {
            mallory.sendXml("""
                    <message xmlns='jabber:client' to='juliet@localhost' type='chat' id='m1'>
                      <body>From the other domain</body>
                    </message>""");

            Message received = juliet.awaitMessage(XmppTestClient.from("mallory@other.localhost"), WAIT);

            assertEquals("From the other domain", received.getBody());
        }
        // The account exists on other.localhost only.
        assertThrows(AssertionError.class, () -> XmppTestClient.login(prosody, "mallory", "m4llory-pass"));
    }

    /** RFC 6121 §3.1: a subscription request is approved by the test client (accept_all), and presence flows. */
    @Test
    @Order(5)
    void subscriptionIsApprovedAndPresenceArrives() {
        prosody.registerUser("benvolio", "localhost", "b3nvolio-pass");
        try (XmppTestClient benvolio = XmppTestClient.login(prosody, "benvolio", "b3nvolio-pass");
             XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "jul1et-pass")) {
            juliet.sendPresence(Presence.Type.subscribe, "benvolio@localhost");

            juliet.awaitPresence(p -> p.getType() == Presence.Type.subscribed
                    && XmppTestClient.from("benvolio@localhost").test(p), WAIT);
            Presence available = juliet.awaitPresence(p -> p.getType() == Presence.Type.available
                    && XmppTestClient.from("benvolio@localhost").test(p), WAIT);

            assertEquals("benvolio@localhost/test", available.getFrom().toString());
        }
    }

    /** XEP-0092 against the server, and an RFC 6120 §8.3 error reply for a component that is not connected (X9). */
    @Test
    @Order(6)
    void iqRepliesComeBackAsResultOrError() {
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "r0me0-pass")) {
            IQ version = romeo.sendIqXml("""
                    <iq xmlns='jabber:client' type='get' to='localhost' id='v1'>
                      <query xmlns='jabber:iq:version'/>
                    </iq>""", WAIT);
            assertEquals(IQ.Type.result, version.getType());
            assertTrue(version.toXML().toString().contains("Prosody"), version.toXML().toString());

            IQ bounced = romeo.sendIqXml("""
                    <iq xmlns='jabber:client' type='get' to='fake.localhost' id='v2'>
                      <query xmlns='jabber:iq:version'/>
                    </iq>""", WAIT);
            // Prosody 0.12 bounces stanzas for a configured but unconnected component with a temporary
            // <remote-server-timeout/> plus its own <not-connected/> element (mod_component.lua).
            assertEquals(IQ.Type.error, bounced.getType());
            assertEquals(StanzaError.Type.WAIT, bounced.getError().getType());
            assertEquals(StanzaError.Condition.remote_server_timeout, bounced.getError().getCondition());
            assertTrue(bounced.toXML().toString().contains("xmpp:prosody.im/protocol/component"), bounced.toXML()
                    .toString());
        }
    }

    /** XEP-0114 §3: the server answers the component's stream header with its own, carrying a stream id. */
    @Test
    @Order(7)
    void componentPortAnswersWithAStreamHeader() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPorts.loopback(), prosody.componentPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                    + " xmlns:stream='http://etherx.jabber.org/streams' to='" + COMPONENT + "'>")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();

            String header = readStreamHeader(socket.getInputStream());

            assertTrue(header.contains("<stream:stream"), header);
            assertTrue(header.contains("jabber:component:accept"), header);
            Matcher id = Pattern.compile("\\sid=['\"]([^'\"]+)['\"]").matcher(header);
            assertTrue(id.find(), "stream header without id: " + header);
        }
    }

    @Test
    @Order(8)
    void stopIsCleanAndStartComesBackOnTheSamePorts() {
        int c2s = prosody.c2sPort();
        int component = prosody.componentPort();

        prosody.stop();

        assertFalse(prosody.isRunning());
        assertTrue(prosody.logText().contains("Shutdown complete"), "no clean shutdown in the log");
        assertThrows(ConnectException.class, () -> connect(c2s));

        prosody.start();

        assertEquals(c2s, prosody.c2sPort());
        assertEquals(component, prosody.componentPort());
        try (XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "jul1et-pass")) {
            assertTrue(juliet.connection().isAuthenticated());
        }
    }

    /** The "server killed with -9 and restarted" scenario (X8) that end-to-end tests build on. */
    @Test
    @Order(9)
    void killNineThenRestartOnTheSamePorts() {
        int c2s = prosody.c2sPort();
        int component = prosody.componentPort();
        XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "r0me0-pass");
        long pid = prosody.pid();
        int logBefore = prosody.logText().length();

        prosody.kill();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
        assertFalse(prosody.logText().substring(logBefore).contains("Shutting down"),
                "a SIGKILL gives Prosody no chance to shut down");
        assertThrows(ConnectException.class, () -> connect(c2s));
        romeo.close();

        prosody.restart();

        assertNotEquals(pid, prosody.pid());
        assertEquals(c2s, prosody.c2sPort());
        assertEquals(component, prosody.componentPort());
        try (XmppTestClient romeoAgain = XmppTestClient.login(prosody, "romeo", "r0me0-pass");
             XmppTestClient juliet = XmppTestClient.login(prosody, "juliet", "jul1et-pass")) {
            romeoAgain.sendMessage("juliet@localhost", "after the restart");
            assertEquals("romeo@localhost/test",
                    juliet.awaitMessageWithBody("after the restart", WAIT).getFrom().toString());
        }
    }

    @Test
    @Order(10)
    void missingBinaryFailsWithTheInstallCommand() {
        ProsodyServer missing = ProsodyServer.builder(dir.resolve("missing"))
                .prosodyBinary(Path.of("/nonexistent/bin/prosody"))
                .build();

        IllegalStateException e = assertThrows(IllegalStateException.class, missing::start);

        assertTrue(e.getMessage().startsWith(
                "Prosody is not installed: run `apt-get install -y prosody` (or ./scripts/test.sh, which installs it)"),
                e.getMessage());
        assertFalse(missing.isRunning());
    }

    @Test
    @Order(11)
    void failedStartShowsTheTailOfProsodysLog() throws IOException {
        try (ProsodyServer second = ProsodyServer.builder(dir.resolve("second")).logLevel("info").build()) {
            second.start();
            int c2s = second.c2sPort();
            second.stop();
            try (ServerSocket squatter = new ServerSocket()) {
                squatter.bind(new InetSocketAddress(LoopbackPorts.loopback(), c2s));

                IllegalStateException e = assertThrows(IllegalStateException.class, second::start);

                assertTrue(e.getMessage().contains("Failed to open server port " + c2s), e.getMessage());
                assertFalse(second.isRunning());
            }
        }
    }

    /**
     * A Prosody whose parent dies (a test JVM killed with -9) must not stay behind: the fixture's module sees
     * the parent pid change and shuts the server down.
     */
    @Test
    @Order(12)
    void orphanedProsodyShutsItselfDown() throws Exception {
        Path orphanDir = dir.resolve("orphan");
        Path configFile;
        try (ProsodyServer orphan = ProsodyServer.builder(orphanDir).build()) {
            orphan.start();
            configFile = orphan.configFile();
        }
        Path log = orphanDir.resolve("orphan.log");
        // The shell starts Prosody, prints its pid and waits for a line on stdin; closing stdin ends the
        // shell, which orphans Prosody (it is re-parented to init or the nearest subreaper).
        Process shell = new ProcessBuilder("/bin/sh", "-c",
                "/usr/bin/prosody -F --config \"$1\" >>\"$2\" 2>&1 & echo $!; read -r _", "sh",
                configFile.toString(), log.toString())
                .redirectErrorStream(true).start();
        BufferedReader shellOut = new BufferedReader(
                new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
        long pid = Long.parseLong(shellOut.readLine().trim());
        ProcessHandle prosodyProcess = ProcessHandle.of(pid).orElseThrow();
        try {
            awaitLogLine(log, ProsodyServer.READY_MARKER, shell);

            shell.getOutputStream().close();
            assertTrue(shell.waitFor(10, TimeUnit.SECONDS), "the shell did not exit");

            assertTrue(prosodyProcess.onExit().orTimeout(20, TimeUnit.SECONDS).handle((p, t) -> t == null).get(),
                    "orphaned Prosody still running; log:\n" + Files.readString(log));
            assertTrue(Files.readString(log).contains("Parent process"), Files.readString(log));
        } finally {
            prosodyProcess.destroyForcibly();
            shell.destroyForcibly();
        }
    }

    /** Polls a file another process writes, up to a deadline; waits on the shell between reads. */
    private static void awaitLogLine(Path log, String line, Process shell) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(log) && Files.readString(log).contains(line))) {
            if (System.nanoTime() - deadline > 0 || !shell.isAlive()) {
                throw new AssertionError("no '" + line + "' in " + log);
            }
            shell.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPorts.loopback(), port), 2000);
        }
    }

    /** Reads up to the end of the opening {@code <stream:stream ...>} tag (skipping an XML declaration). */
    private static String readStreamHeader(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("stream closed after: " + text);
            }
            text.append((char) b);
            int start = text.indexOf("<stream:stream");
            if (start >= 0 && text.indexOf(">", start) > 0) {
                return text.toString();
            }
        }
    }
}
