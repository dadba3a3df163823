package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.GatewayProcess;
import im.switchboard.app.testing.ProsodyServer;
import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Always-on IRC connections end to end (issue 4: "Always-on users' connections and channels are restored after a
 * gateway restart"): a real Prosody, a real ngircd, the gateway as the distribution's process, Smack as the user
 * and a plain IRC client in the channel. The user makes the server always-on with the Configure command (XEP-0050),
 * joins a channel on the fly (and a keyed one with its password, XEP-0045 section 7.2.6), goes offline - the IRC
 * side still sees them and talks - the gateway is stopped with SIGTERM and started again - the user's nick rejoins
 * both channels with no XMPP presence at all, the key remembered but never logged or stored in clear (THREATS G2,
 * G3) - and when the user comes back the join brings the history said while they were away (section 7.2.14).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlwaysOnIT {

    private static final String COMPONENT = "irc.localhost";
    private static final String SECRET = "always-on-" + System.nanoTime();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NICK = "romeo";
    private static final String CHANNEL = "#verona";
    /** Fixed-server mode: the channel is {@code #verona@irc.localhost}, the Configure command is on the domain. */
    private static final String ROOM = CHANNEL + "@" + COMPONENT;
    private static final String MUC = "http://jabber.org/protocol/muc";
    /** A keyed channel (XEP-0045 section 7.2.6 password, IRC channel key), joined on the fly too. */
    private static final String KEYED = "#capulet";
    private static final String KEY = "tybalt-" + System.nanoTime();

    @TempDir
    static Path workDir;

    private ProsodyServer prosody;
    private IrcServerProcess ngircd;
    private RawIrcClient nurse;
    private GatewayProcess gateway;
    private Path config;
    /** The output of the gateway's first run, for a failure's post-mortem. */
    private String firstRun = "";

    @BeforeAll
    void start() throws Exception {
        prosody = ProsodyServer.builder(workDir.resolve("prosody"))
                .component(COMPONENT, SECRET)
                .user("romeo", "localhost", "romeo-pw")
                .build();
        prosody.start();
        ngircd = Ngircd.builder().start();
        nurse = RawIrcClient.connect(ngircd.host(), ngircd.plainPort(), "nurse");
        nurse.send("JOIN " + CHANNEL);
        nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
        nurse.clearReceived();
        nurse.send("JOIN " + KEYED);
        nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
        nurse.send("MODE " + KEYED + " +k " + KEY);
        nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "MODE") && line.contains("+k"), WAIT);
        config = writeConfig();
    }

    @AfterAll
    void stop() throws Exception {
        System.out.println("gateway output of the first run:\n" + firstRun);
        if (gateway != null) {
            // For a failure's post-mortem: the failsafe report keeps it.
            System.out.println("gateway output:\n" + gateway.output());
        }
        if (prosody != null) {
            System.out.println("prosody log:\n" + prosody.logText());
        }
        if (gateway != null && gateway.process().isAlive()) {
            gateway.kill();
        }
        if (nurse != null) {
            nurse.close();
        }
        if (ngircd != null) {
            ngircd.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void alwaysOnSurvivesTheUserGoingOfflineAndAGatewayRestart() throws Exception {
        startGateway();
        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            IQ registered = romeo.sendIqXml("""
                    <iq type='set' to='%s' id='r1'><query xmlns='jabber:iq:register'>
                      <nick>%s</nick></query></iq>""".formatted(COMPONENT, NICK), WAIT);
            assertEquals(IQ.Type.result, registered.getType(), registered.toXML().toString());
            configureAlwaysOn(romeo);

            // A channel joined on the fly, not in the auto-join list.
            joinRoom(romeo, -1);
            nurse.awaitLine(line -> line.startsWith(":" + NICK + "!") && RawIrcClient.hasCommand(line, "JOIN"),
                    WAIT);
            // And a keyed one, with its password: remembered with its key (sealed in the store).
            enter(romeo, KEYED + "@" + COMPONENT, Optional.of(KEY), -1);
            nurse.awaitLine(line -> line.startsWith(":" + NICK + "!") && RawIrcClient.hasCommand(line, "JOIN")
                    && line.contains(KEYED), WAIT);
        }
        // The user went offline: on IRC they are still in the channel (no PART, no QUIT)...
        nurse.clearReceived();
        nurse.send("PRIVMSG " + CHANNEL + " :Where is Romeo?");
        awaitGatewayRead("before");
        nurse.send("NAMES " + CHANNEL);
        String names = nurse.awaitLine(line -> RawIrcClient.hasCommand(line, "353"), WAIT);
        assertTrue(names.matches(".*[ :@+]" + NICK + "( .*|$)"), names);

        // ...and after a gateway restart the nick comes back by itself, without any XMPP presence.
        gateway.process().destroy();
        assertEquals(0, gateway.await().exitCode());
        firstRun = gateway.output();
        // THREATS G3: the channel key reached no log line, even at DEBUG.
        assertFalse(gateway.output().contains(KEY), "the channel key was logged");
        // A QUIT reaches only those who share a channel with the nick: it was still in #verona, and never parted.
        nurse.awaitLine(line -> line.startsWith(":" + NICK + "!") && RawIrcClient.hasCommand(line, "QUIT"), WAIT);
        assertFalse(nurse.received().stream().anyMatch(line -> line.startsWith(":" + NICK + "!")
                && RawIrcClient.hasCommand(line, "PART")), nurse.received().toString());
        nurse.clearReceived();
        startGateway();
        nurse.awaitLine(line -> line.startsWith(":" + NICK + "!") && RawIrcClient.hasCommand(line, "JOIN")
                && line.contains(CHANNEL), WAIT);
        // The keyed channel comes back too: the rejoin carries the remembered key (ngircd refuses it otherwise).
        nurse.awaitLine(line -> line.startsWith(":" + NICK + "!") && RawIrcClient.hasCommand(line, "JOIN")
                && line.contains(KEYED), WAIT);
        nurse.send("PRIVMSG " + CHANNEL + " :Welcome back, Romeo");
        awaitGatewayRead("after");

        try (XmppTestClient romeo = XmppTestClient.login(prosody, "romeo", "romeo-pw")) {
            joinRoom(romeo, 20);
            // The history of the channel, said while the user was offline, before and after the restart.
            Message before = romeo.awaitMessage(m -> "Where is Romeo?".equals(m.getBody()), WAIT);
            Message after = romeo.awaitMessage(m -> "Welcome back, Romeo".equals(m.getBody()), WAIT);
            assertTrue(before.toXML().toString().contains("urn:xmpp:delay"), before.toXML().toString());
            assertTrue(after.toXML().toString().contains("urn:xmpp:delay"), after.toXML().toString());
            // Answered from the gateway's state: the nick did not join IRC a second time.
            assertFalse(nurse.received().stream().filter(line -> line.startsWith(":" + NICK + "!")
                    && RawIrcClient.hasCommand(line, "JOIN") && line.endsWith(CHANNEL)).count() > 1,
                    nurse.received().toString());

            // And the room works both ways.
            romeo.send(romeo.connection().getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.fromOrThrowUnchecked(ROOM)).ofType(Message.Type.groupchat).setBody("I am here")
                    .build());
            nurse.awaitLine(line -> line.startsWith(":" + NICK + "!") && line.endsWith("I am here"), WAIT);
        }
        assertFalse(gateway.output().contains(KEY), "the channel key was logged");
        try (Stream<Path> files = Files.walk(workDir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // THREATS G2: the key is not in any stored file in clear.
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(KEY),
                        file.toString());
            }
        }
    }

    /**
     * Wait until the gateway has read what the nurse said so far: its IRC connection answers a CTCP PING (ctcp.md)
     * on the same reader, after the lines before it, whose room facts are then queued on the user's actor, ahead
     * of anything the test does next (a shutdown, a join).
     */
    private void awaitGatewayRead(String token) {
        nurse.send("PRIVMSG " + NICK + " :\u0001PING " + token + "\u0001");
        nurse.awaitLine(line -> line.startsWith(":" + NICK + "!") && RawIrcClient.hasCommand(line, "NOTICE")
                && line.contains("PING " + token), WAIT);
    }

    /** XEP-0050: execute the Configure command on the gateway (fixed-server mode) and submit always-on. */
    private static void configureAlwaysOn(XmppTestClient romeo) {
        IQ form = romeo.sendIqXml("""
                <iq type='set' to='%s' id='c1'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' action='execute'/>
                </iq>""".formatted(COMPONENT), WAIT);
        assertEquals(IQ.Type.result, form.getType(), form.toXML().toString());
        String xml = form.toXML().toString();
        int at = xml.indexOf("sessionid=");
        assertTrue(at > 0, xml);
        char quote = xml.charAt(at + "sessionid=".length());
        int start = at + "sessionid=".length() + 1;
        String session = xml.substring(start, xml.indexOf(quote, start));
        // Built by hand: Smack's own parser of <command/> does not take a submission.
        IQ done = romeo.sendIq(new CommandSubmit(COMPONENT, session,
                "<x xmlns='jabber:x:data' type='submit'><field var='always-on'><value>1</value></field></x>"), WAIT);
        assertEquals(IQ.Type.result, done.getType(), done.toXML().toString());
    }

    /** An XEP-0050 {@code complete} with a data form, written as it goes on the wire. */
    private static final class CommandSubmit extends IQ {
        private final String session;
        private final String form;

        CommandSubmit(String to, String session, String form) {
            super("command", "http://jabber.org/protocol/commands");
            this.session = session;
            this.form = form;
            setType(IQ.Type.set);
            setTo(JidCreate.fromOrThrowUnchecked(to));
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.attribute("node", "configure").attribute("sessionid", session).attribute("action", "complete");
            xml.rightAngleBracket();
            xml.append(form);
            return xml;
        }
    }

    /** XEP-0045 section 7.2: enter the room (with a history request, section 7.2.14) and await the 110. */
    private static void joinRoom(XmppTestClient romeo, int maxStanzas) {
        enter(romeo, ROOM, Optional.empty(), maxStanzas);
    }

    /** Enter {@code room}, with a password (section 7.2.6) when given, and await the 110. */
    private static void enter(XmppTestClient romeo, String room, Optional<String> password, int maxStanzas) {
        // Built with Smack's element builder: its parser turns a parsed <x xmlns=.../> into invalid XML.
        StandardExtensionElement.Builder x = StandardExtensionElement.builder("x", MUC);
        if (maxStanzas >= 0) {
            x.addElement(StandardExtensionElement.builder("history", MUC)
                    .addAttribute("maxstanzas", Integer.toString(maxStanzas)).build());
        }
        password.ifPresent(p -> x.addElement("password", p));
        romeo.send(romeo.connection().getStanzaFactory().buildPresenceStanza()
                .to(JidCreate.fromOrThrowUnchecked(room + "/" + NICK)).addExtension(x.build()).build());
        Presence self = romeo.awaitPresence(p -> p.getFrom() != null && p.getFrom().toString().equals(
                room + "/" + NICK) && p.toXML().toString().replace('"', '\'').contains("code='110'"), WAIT);
        assertEquals(Presence.Type.available, self.getType(), self.toXML().toString());
    }

    private void startGateway() throws Exception {
        gateway = launch(List.of("run", "--config", config.toString()));
        gateway.awaitOutput("Switchboard is running", WAIT);
    }

    private Path writeConfig() throws Exception {
        Path key = workDir.resolve("keys/master.key");
        Files.createDirectories(key.getParent());
        GatewayProcess.Result keygen = launch(List.of("keygen", key.toString())).await();
        assertEquals(0, keygen.exitCode(), keygen.output());
        Path file = workDir.resolve("switchboard.toml");
        Files.writeString(file, """
                [xmpp]
                host = "127.0.0.1"
                port = %d

                [gateway]
                allowed-domains = ["localhost"]

                [store]
                database = "%s"
                master-key-file = "%s"

                [components.irc]
                bridge = "irc"
                domain = "%s"
                secret = "%s"

                [irc]
                fixed-server = "%s"

                [irc-servers.local]
                host = "%s"
                port = %d
                tls = false
                allow-plaintext = true
                """.formatted(prosody.componentPort(), workDir.resolve("data/credentials.mv.db"), key, COMPONENT,
                SECRET, ngircd.host(), ngircd.host(), ngircd.plainPort()));
        return file;
    }

    private GatewayProcess launch(List<String> args) throws IOException {
        Path launcher = distribution().resolve("bin/switchboard");
        return GatewayProcess.start(Stream.concat(Stream.of(launcher.toString()), args.stream()).toList(),
                Map.of("SWITCHBOARD_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "SWITCHBOARD_OPTS", "-DSWITCHBOARD_LOG_LEVEL=DEBUG"),
                workDir);
    }

    /** The unpacked distribution that {@code ./mvnw package} built (Failsafe runs after the package phase). */
    private static Path distribution() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("target"))) {
            Path dist = dirs.filter(p -> Files.isDirectory(p)
                            && p.getFileName().toString().matches("switchboard-.*-dist"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no distribution under app/target: run ./mvnw package"));
            try (Stream<Path> inner = Files.list(dist)) {
                return inner.findFirst().orElseThrow();
            }
        }
    }
}
