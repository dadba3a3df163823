package im.switchboard.app;

import static im.switchboard.app.IrcRooms.codes;
import static im.switchboard.app.IrcRooms.fromOccupant;
import static im.switchboard.app.IrcRooms.fromRoom;
import static im.switchboard.app.IrcRooms.role;
import static im.switchboard.app.IrcTestGateway.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.irc.testing.CanaryServer;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.RawIrcClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.muc.MUCRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The IRC bridge end to end against one real IRC server (a subclass starts it): a real Prosody, the gateway, a
 * Smack client ("romeo") on the XMPP side and plain IRC clients ("alice", channel operator, and "bob") on the
 * IRC side. The servers are shared by the tests of a class, which run in order (the room's state carries over:
 * who is op, romeo's nick); every test asserts its own outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractIrcBridgeIT {

    static final String CHANNEL = "#switchboard";
    /** Every secret the tests hand to the gateway: none may appear in its log or data files (THREATS G3, G2). */
    final List<String> secrets = new ArrayList<>();

    IrcServerProcess irc;
    IrcTestGateway stack;
    XmppTestClient romeo;
    RawIrcClient alice;
    RawIrcClient bob;
    /** Romeo's current nick in the room (the nick test changes it). */
    String nick = "romeo";
    /** Whether romeo is channel operator now (as the tests left him). */
    boolean op;
    private CanaryServer canary;
    private Path logFile;
    private long logStart;

    /** Starts the IRC server under test. */
    abstract IrcServerProcess startIrc();

    /** How the gateway reaches it (plain text or TLS with the test CA). */
    abstract IrcTestGateway.Target target(IrcServerProcess server);

    /** The users Prosody knows (romeo always; a subclass may add its own). */
    List<String> xmppUsers() {
        return List.of("romeo", "mallory");
    }

    /**
     * Romeo's Configure values for the server, set before his first connection (their secrets are searched for
     * in the log and data files at the end): a NickServ password always (IDENTIFY is sent, NickServ may not
     * exist), a server password where the server accepts an unexpected PASS.
     */
    Map<String, String> romeoServerSettings() {
        return Map.of("nickserv-password", secret("Nsv"));
    }

    /** Hosts that are not allow-listed; the first is an address of the test server itself. */
    List<String> notListedHosts() {
        return List.of("127.0.0.1", "irc.example.net");
    }

    /** More {@code [irc-servers.NAME]} tables for a subclass's own tests. */
    String extraServers(IrcServerProcess server) {
        return "";
    }

    /** The work folder (a subclass's {@code @TempDir}). */
    abstract Path workDir();

    @BeforeAll
    void startEverything() throws Exception {
        logFile = Path.of(System.getProperty("switchboard.test.log", "target/gateway-test.log")).toAbsolutePath();
        logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        irc = startIrc();
        canary = CanaryServer.start();
        // A listed host that resolves to the unspecified address, which Linux routes to this machine: only the
        // address check (THREATS I4) stands between the gateway and the canary's port.
        String zero = """
                [irc-servers.zero]
                host = "0.0.0.0"
                port = %d
                tls = false
                allow-plaintext = true
                """.formatted(canary.port());
        stack = IrcTestGateway.start(workDir(), target(irc), xmppUsers(), zero + extraServers(irc));
        alice = RawIrcClient.connect(irc.host(), irc.plainPort(), "alice");
        bob = RawIrcClient.connect(irc.host(), irc.plainPort(), "bob");
        alice.send("JOIN " + CHANNEL);
        alice.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
        bob.send("JOIN " + CHANNEL);
        bob.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
        romeo = stack.loginRegistered("romeo", "romeo");
        // Per-server secrets, stored before romeo's first connection so that it sends them (PASS, IDENTIFY).
        IrcTestGateway.configureAndRelogin(romeo, romeoServerSettings());
    }

    @AfterAll
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {romeo, alice, bob, canary}) {
            closeQuietly(c);
        }
        if (stack != null) {
            stack.close();
        }
        if (irc != null) {
            irc.close();
        }
    }

    String secret(String seed) {
        String secret = seed + "-" + Long.toHexString(System.nanoTime()) + "-Qx";
        secrets.add(secret);
        return secret;
    }

    @Test
    @Order(1)
    void joiningShowsSelfPresenceAndTheOccupantsWithTheirRoles() {
        alice.clearReceived();
        Presence self = IrcRooms.join(romeo, CHANNEL, nick);
        // XEP-0045 section 7.2.3: the occupants first, then self-presence with 110.
        assertEquals(Presence.Type.available, self.getType());
        assertTrue(codes(self).contains(110), self.toXML().toString());
        assertEquals(MUCRole.participant, role(self), self.toXML().toString());
        Presence op = romeo.awaitPresence(fromOccupant(CHANNEL, "alice"), WAIT);
        Presence plain = romeo.awaitPresence(fromOccupant(CHANNEL, "bob"), WAIT);
        // alice created the channel: @ (operator) is the moderator role, bob without prefix a participant.
        assertEquals(MUCRole.moderator, role(op), op.toXML().toString());
        assertEquals(MUCRole.participant, role(plain), plain.toXML().toString());
        alice.awaitLine(line -> line.startsWith(":romeo!") && RawIrcClient.hasCommand(line, "JOIN"), WAIT);
    }

    @Test
    @Order(2)
    void unicodeEmojiAndActionsBothWays() {
        String text = "Grüße, 世界 — naïve café 🎉🦊 𝄞";
        alice.clearReceived();
        IrcRooms.say(romeo, CHANNEL, text);
        alice.awaitLine(line -> line.startsWith(":" + nick + "!") && line.endsWith(" PRIVMSG " + CHANNEL + " :"
                + text), WAIT);
        // Section 7.4: the sender gets its own message back (the reflection).
        IrcRooms.awaitGroupchat(romeo, CHANNEL, nick, text);

        alice.send("PRIVMSG " + CHANNEL + " :" + text + " from IRC");
        IrcRooms.awaitGroupchat(romeo, CHANNEL, "alice", text + " from IRC");

        // XEP-0245 /me <-> CTCP ACTION (ctcp.md).
        alice.clearReceived();
        IrcRooms.say(romeo, CHANNEL, "/me waves 👋");
        alice.awaitLine(line -> line.endsWith(" PRIVMSG " + CHANNEL + " :\u0001ACTION waves 👋\u0001"), WAIT);
        IrcRooms.awaitGroupchat(romeo, CHANNEL, nick, "/me waves 👋");
        alice.send("PRIVMSG " + CHANNEL + " :\u0001ACTION dances 💃\u0001");
        IrcRooms.awaitGroupchat(romeo, CHANNEL, "alice", "/me dances 💃");
    }

    @Test
    @Order(3)
    void aMultiLineBodyIsOnePrivmsgPerLineAndTheReflectionShowsThem() {
        alice.clearReceived();
        IrcRooms.say(romeo, CHANNEL, "first line\nsecond line\r\nthird line");
        List<String> texts = privmsgTexts(alice, 3);
        assertEquals(List.of("first line", "second line", "third line"), texts);
        assertReflectionEquals(texts);
    }

    @Test
    @Order(4)
    void twoThousandCharactersAreSplitAtCodePointsAndEveryPieceArrives() {
        int[] pattern = "abc é € 😀 ".codePoints().toArray();
        StringBuilder builder = new StringBuilder();
        for (int i = 0; i < 1999; i++) {
            builder.appendCodePoint(pattern[i % pattern.length]);
        }
        // Not a trailing space: servers may strip it from the line they relay.
        builder.append('!');
        String text = builder.toString();
        String compact = text.replace(" ", "");
        alice.clearReceived();
        IrcRooms.say(romeo, CHANNEL, text);
        List<String> lines = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        while (String.join("", pieces).replace(" ", "").length() < compact.length()) {
            String line = nthPrivmsg(alice, lines.size() + 1);
            lines.add(line);
            pieces.add(privmsgText(line));
        }
        // Modern IRC "Message format": at most 512 bytes with CR LF, the prefix the server adds included.
        for (String line : lines) {
            assertTrue((line + "\r\n").getBytes(StandardCharsets.UTF_8).length <= 512, line.length() + ": " + line);
            assertFalse(line.contains("\uFFFD"), "a code point was cut: " + line);
        }
        assertTrue(pieces.size() >= 4, "2,000 characters of up to 4 bytes cannot fit fewer lines: " + pieces.size());
        // Every character arrives, in order (a split at a space may drop that space).
        assertEquals(compact, String.join("", pieces).replace(" ", ""));
        assertReflectionEquals(pieces);
    }

    @Test
    @Order(5)
    void privateMessagesBothWays() {
        bob.clearReceived();
        String to = IrcTestGateway.ircUser("bob");
        romeo.sendMessage(to, "psst, bob ✓");
        bob.awaitLine(line -> line.startsWith(":" + nick + "!") && line.endsWith(" PRIVMSG bob :psst, bob ✓"),
                WAIT);
        bob.send("PRIVMSG " + nick + " :hello romeo ✓");
        Message pm = romeo.awaitMessage(m -> "hello romeo ✓".equals(m.getBody()), WAIT);
        assertEquals(to, pm.getFrom().asBareJid().toString(), pm.toXML().toString());
        assertNotEquals(Message.Type.groupchat, pm.getType());
    }

    @Test
    @Order(6)
    void channelModesBecomeRoles() {
        alice.send("MODE " + CHANNEL + " +o bob");
        Presence bobOp = IrcRooms.awaitOccupant(romeo, CHANNEL, "bob", p -> role(p) == MUCRole.moderator, WAIT);
        assertEquals(Presence.Type.available, bobOp.getType());
        alice.send("MODE " + CHANNEL + " -o bob");
        IrcRooms.awaitOccupant(romeo, CHANNEL, "bob", p -> role(p) == MUCRole.participant, WAIT);
        alice.send("MODE " + CHANNEL + " +o " + nick);
        Presence self = romeo.awaitPresence(fromOccupant(CHANNEL, nick).and(p -> role(p) == MUCRole.moderator),
                WAIT);
        assertTrue(codes(self).contains(110), self.toXML().toString());
        op = true;
    }

    @Test
    @Order(7)
    void aTopicSetOnIrcBecomesTheSubject() {
        alice.send("TOPIC " + CHANNEL + " :Topic from IRC ☕");
        Message subject = romeo.awaitMessage(m -> "Topic from IRC ☕".equals(m.getSubject()), WAIT);
        // XEP-0045 section 8.1: the subject comes from the occupant who set it.
        assertEquals(IrcTestGateway.occupant(CHANNEL, "alice"), subject.getFrom().toString());
    }

    @Test
    @Order(8)
    void theXmppUserKicksWhenOperator() {
        alice.clearReceived();
        // XEP-0045 section 8.2: role none with a reason, by a moderator.
        IQ reply = romeo.sendRawIq("<iq type='set' to='" + IrcTestGateway.room(CHANNEL) + "' id='kick1'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='bob' role='none'>"
                + "<reason>out you go</reason></item></query></iq>", "kick1", WAIT);
        assertEquals(IQ.Type.result, reply.getType(), reply.toXML().toString());
        alice.awaitLine(line -> line.startsWith(":" + nick + "!") && line.endsWith(" KICK " + CHANNEL
                + " bob :out you go"), WAIT);
        Presence kicked = romeo.awaitPresence(fromOccupant(CHANNEL, "bob").and(p -> codes(p).contains(307)), WAIT);
        assertEquals(Presence.Type.unavailable, kicked.getType());
        bob.send("JOIN " + CHANNEL);
        romeo.awaitPresence(fromOccupant(CHANNEL, "bob").and(p -> p.getType() == Presence.Type.available), WAIT);
    }

    @Test
    @Order(9)
    void anIrcOperatorKicksTheXmppUser() {
        alice.send("KICK " + CHANNEL + " " + nick + " :behave");
        Presence kicked = romeo.awaitPresence(fromOccupant(CHANNEL, nick).and(p -> codes(p).contains(307)), WAIT);
        // Section 8.2: unavailable self-presence with 307 and 110.
        assertEquals(Presence.Type.unavailable, kicked.getType());
        assertTrue(codes(kicked).contains(110), kicked.toXML().toString());
        op = false;
        Presence back = IrcRooms.join(romeo, CHANNEL, nick);
        assertEquals(Presence.Type.available, back.getType());
    }

    @Test
    @Order(10)
    void nickChangesBothWays() {
        alice.clearReceived();
        String newNick = "romeo_" + (System.nanoTime() % 1000);
        // Section 7.6: presence to room/newnick; the old occupant leaves with 303 naming the new nick.
        IrcRooms.sendJoin(romeo, CHANNEL, newNick);
        Presence gone = romeo.awaitPresence(fromOccupant(CHANNEL, nick).and(p -> codes(p).contains(303)), WAIT);
        assertEquals(Presence.Type.unavailable, gone.getType());
        assertEquals(newNick, IrcRooms.itemNick(gone));
        assertTrue(codes(gone).contains(110), gone.toXML().toString());
        romeo.awaitPresence(fromOccupant(CHANNEL, newNick).and(p -> codes(p).contains(110)), WAIT);
        String old = nick;
        alice.awaitLine(line -> line.startsWith(":" + old + "!") && RawIrcClient.hasCommand(line, "NICK")
                && line.endsWith(newNick), WAIT);
        nick = newNick;

        bob.send("NICK bobby");
        Presence bobGone = romeo.awaitPresence(fromOccupant(CHANNEL, "bob").and(p -> codes(p).contains(303)), WAIT);
        assertEquals("bobby", IrcRooms.itemNick(bobGone));
        romeo.awaitPresence(fromOccupant(CHANNEL, "bobby"), WAIT);
        bob.send("NICK bob");
        romeo.awaitPresence(fromOccupant(CHANNEL, "bob").and(p -> p.getType() == Presence.Type.available), WAIT);
    }

    @Test
    @Order(11)
    void theInjectionCorpusProducesNoUnexpectedIrcCommand() {
        List<String> breaks = List.of("&#13;", "&#10;", "&#13;&#10;", "&#x2028;", "&#x2029;", "&#x85;");
        String room = IrcTestGateway.room(CHANNEL);
        // bob also sits in #b, so that a JOIN smuggled into a room name (#a,#b) would show.
        bob.send("JOIN #b");
        bob.awaitLine(line -> RawIrcClient.hasCommand(line, "366") && line.contains(" #b "), WAIT);
        int n = 0;
        for (String br : breaks) {
            String evil = "x" + br + "KICK " + CHANNEL + " alice :pwned" + br + "PRIVMSG alice :pwned" + br
                    + "MODE " + CHANNEL + " +b *!*@*";
            n++;
            // Body, subject, private message, kick reason: free text, sanitized or split into PRIVMSG text.
            List<String> seen = inject(n, "<message type='groupchat' to='" + room + "'><body>" + evil
                    + "</body></message>");
            if (!br.startsWith("&#x")) {
                // I2: a multi-line body is one PRIVMSG per line, the "commands" arrive as text.
                assertEquals(List.of("x", "KICK " + CHANNEL + " alice :pwned", "PRIVMSG alice :pwned",
                        "MODE " + CHANNEL + " +b *!*@*"), seen.stream().filter(l -> isPrivmsgFrom(l, nick))
                        .map(AbstractIrcBridgeIT::privmsgText).filter(t -> !t.startsWith("marker-")).toList());
            }
            inject(n, "<message type='groupchat' to='" + room + "'><subject>" + evil + "</subject></message>");
            inject(n, "<message type='chat' to='" + IrcTestGateway.ircUser("bob") + "'><body>" + evil
                    + "</body></message>");
            inject(n, "<iq type='set' to='" + room + "' id='k" + n + "'><query "
                    + "xmlns='http://jabber.org/protocol/muc#admin'><item nick='nobody" + n + "' role='none'><reason>"
                    + evil + "</reason></item></query></iq>");
            // Configure fields: refused whole, nothing stored, nothing sent.
            IQ configure = IrcCommands.configure(romeo, Map.of("realname", evil, "auto-join", "#a" + br + "#b"));
            assertEquals(IQ.Type.error, configure.getType(), configure.toXML().toString());
        }
        // Nicks and room names with a space or comma would split IRC parameters (JOIN #a,#b; NICK a KICK ...).
        inject(++n, "<presence to='" + room + "/x KICK " + CHANNEL + " alice'/>");
        inject(++n, "<presence to='#a,#b%localhost@" + IrcTestGateway.DOMAIN + "/" + nick + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
        inject(++n, "<message type='chat' to='alice,bob%localhost@" + IrcTestGateway.DOMAIN + "'><body>hi</body>"
                + "</message>");
        // Still in the room, still able to talk.
        IrcRooms.say(romeo, CHANNEL, "still here");
        IrcRooms.awaitGroupchat(romeo, CHANNEL, nick, "still here");

        // A kick reason with line breaks, by romeo as operator: exactly one KICK, its reason on one line.
        ensureOp();
        alice.clearReceived();
        IQ kick = romeo.sendRawIq("<iq type='set' to='" + room + "' id='kick-evil'><query "
                + "xmlns='http://jabber.org/protocol/muc#admin'><item nick='bob' role='none'><reason>bye&#13;&#10;"
                + "MODE " + CHANNEL + " +b *!*@*&#10;PRIVMSG alice :pwned</reason></item></query></iq>", "kick-evil",
                WAIT);
        assertEquals(IQ.Type.result, kick.getType(), kick.toXML().toString());
        awaitIrc(alice, line -> line.startsWith(":" + nick + "!") && RawIrcClient.hasCommand(line, "KICK"));
        String marker = "after-kick-" + System.nanoTime();
        IrcRooms.say(romeo, CHANNEL, marker);
        alice.awaitLine(line -> line.endsWith(" :" + marker), WAIT);
        List<String> fromRomeo = alice.received().stream().filter(l -> l.startsWith(":" + nick + "!")).toList();
        assertEquals(2, fromRomeo.size(), fromRomeo.toString());
        assertTrue(fromRomeo.get(0).contains(" KICK " + CHANNEL + " bob :bye"), fromRomeo.get(0));
        assertTrue(fromRomeo.get(1).endsWith(" PRIVMSG " + CHANNEL + " :" + marker), fromRomeo.get(1));
        bob.send("PART #b");
        bob.send("JOIN " + CHANNEL);
        romeo.awaitPresence(fromOccupant(CHANNEL, "bob").and(p -> p.getType() == Presence.Type.available), WAIT);
    }

    /**
     * Sends {@code stanza}, then a marker message, and checks the command of every line alice and bob saw in
     * between: only PRIVMSG to the channel or to bob and TOPIC from romeo (their text may hold "KICK ..." as
     * words); never a KICK, MODE, JOIN, PART or NICK, nor a PRIVMSG to alice.
     */
    private List<String> inject(int n, String stanza) {
        alice.clearReceived();
        bob.clearReceived();
        if (stanza.startsWith("<iq")) {
            String id = stanza.replaceFirst("(?s).*? id='([^']+)'.*", "$1");
            romeo.sendRawIq(stanza, id, WAIT);
        } else {
            romeo.sendRawXml(stanza);
        }
        String marker = "marker-" + n + "-" + System.nanoTime();
        IrcRooms.say(romeo, CHANNEL, marker);
        alice.awaitLine(line -> line.endsWith(" :" + marker), WAIT);
        bob.awaitLine(line -> line.endsWith(" :" + marker), WAIT);
        for (RawIrcClient client : List.of(alice, bob)) {
            for (String line : client.received()) {
                String[] words = line.split(" ", 4);
                String command = words.length > 1 ? words[1] : "";
                boolean fine = switch (command) {
                    case "PRIVMSG" -> words.length > 2 && (words[2].equals(CHANNEL) || words[2].equals("bob"));
                    case "TOPIC" -> words[2].equals(CHANNEL) && line.startsWith(":" + nick + "!");
                    default -> !line.startsWith(":" + nick + "!") && !line.startsWith(":x!");
                };
                assertTrue(fine, "stanza " + stanza + " made " + client.nick() + " see: " + line + "\nall: "
                        + client.received());
            }
        }
        return alice.received();
    }

    @Test
    @Order(12)
    void serversThatAreNotAllowListedAreRefusedAlikeAndNeverContacted() {
        List<String> texts = new ArrayList<>();
        // Not listed at all (an IP of the test server, another name), and listed but resolving to 0.0.0.0.
        List<String> refused = new ArrayList<>(notListedHosts());
        refused.add("0.0.0.0");
        for (String server : refused) {
            String room = "#x%" + server + "@" + IrcTestGateway.DOMAIN;
            romeo.sendRawXml("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/>"
                    + "</presence>");
            Presence error = romeo.awaitPresence(p -> p.getFrom() != null
                    && p.getFrom().asBareJid().toString().equals(room) && p.getType() == Presence.Type.error, WAIT);
            texts.add(error.getError().getDescriptiveText());
            romeo.sendMessage("someone%" + server + "@" + IrcTestGateway.DOMAIN, "hello?");
            Message pmError = romeo.awaitMessage(m -> m.getType() == Message.Type.error && m.getFrom() != null
                    && m.getFrom().asBareJid().toString().equals("someone%" + server + "@"
                    + IrcTestGateway.DOMAIN), WAIT);
            texts.add(pmError.getError().getDescriptiveText());
        }
        // THREATS I4: one text whatever the reason, and no connection attempt.
        assertEquals(1, texts.stream().distinct().count(), texts.toString());
        assertEquals(0, canary.accepts(), "the gateway connected to a refused address");
    }

    @Test
    @Order(13)
    void aSubjectSetFromXmppBecomesTheTopic() {
        // Romeo lost his op with the kick; InspIRCd's channels are +t.
        ensureOp();
        alice.clearReceived();
        String topic = "Topic from XMPP 🍵";
        Predicate<String> topicLine = line -> line.startsWith(":" + nick + "!") && line.endsWith(" TOPIC " + CHANNEL
                + " :" + topic);
        Predicate<Message> retry = m -> m.getBody() != null && m.getBody().endsWith("Retry topic change later");
        long deadline = System.nanoTime() + WAIT.toNanos();
        IrcRooms.setSubject(romeo, CHANNEL, topic);
        // InspIRCd refuses a topic change in the second of the previous one (topic timestamps have a one-second
        // resolution; the injection test just changed it): on that explicit refusal, try once more in the next
        // second.
        while (alice.received().stream().noneMatch(topicLine) && System.nanoTime() < deadline) {
            if (romeo.pollMessage(retry, Duration.ofMillis(100)).isPresent()) {
                long second = System.currentTimeMillis() / 1000;
                while (System.currentTimeMillis() / 1000 == second) {
                    Thread.onSpinWait();
                }
                IrcRooms.setSubject(romeo, CHANNEL, topic);
            }
        }
        awaitIrc(alice, topicLine);
        romeo.awaitMessage(m -> topic.equals(m.getSubject()), WAIT);
    }

    @Test
    @Order(14)
    void afterAServerRestartTheUserIsToldAndRejoined() {
        irc.kill();
        op = false;
        // XEP-0045: status 333, the user's own connection to the room was lost.
        Presence lost = romeo.awaitPresence(fromRoom(CHANNEL).and(p -> codes(p).contains(333)), WAIT);
        assertEquals(Presence.Type.unavailable, lost.getType(), lost.toXML().toString());
        irc.start();
        Presence back = romeo.awaitPresence(fromRoom(CHANNEL).and(p -> codes(p).contains(110)
                && p.getType() == Presence.Type.available), Duration.ofSeconds(40));
        nick = back.getFrom().getResourceOrEmpty().toString();
        closeQuietly(alice);
        alice = RawIrcClient.connect(irc.host(), irc.plainPort(), "alice");
        alice.send("JOIN " + CHANNEL);
        alice.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
        romeo.awaitPresence(fromOccupant(CHANNEL, "alice").and(p -> p.getType() == Presence.Type.available), WAIT);
        alice.clearReceived();
        IrcRooms.say(romeo, CHANNEL, "back again");
        alice.awaitLine(line -> line.endsWith(" PRIVMSG " + CHANNEL + " :back again"), WAIT);
        alice.send("PRIVMSG " + CHANNEL + " :welcome back");
        IrcRooms.awaitGroupchat(romeo, CHANNEL, "alice", "welcome back");
        closeQuietly(bob);
        bob = RawIrcClient.connect(irc.host(), irc.plainPort(), "bob");
    }

    @Test
    @Order(15)
    void leavingPartsTheChannel() {
        alice.clearReceived();
        IrcRooms.leave(romeo, CHANNEL, nick);
        Presence self = romeo.awaitPresence(fromOccupant(CHANNEL, nick).and(p -> p.getType()
                == Presence.Type.unavailable), WAIT);
        assertTrue(codes(self).contains(110), self.toXML().toString());
        alice.awaitLine(line -> line.startsWith(":" + nick + "!") && RawIrcClient.hasCommand(line, "PART"), WAIT);
    }

    /**
     * Configure on the server JID while connected: the new nick and a new auto-join channel apply to the open
     * connection at once (NICK, then JOIN under the new nick), and the completion note says that the user name,
     * real name and passwords wait for the next connection.
     */
    @Test
    @Order(16)
    void configureAppliesANewNickAndNewChannelsToTheOpenConnection() {
        alice.clearReceived();
        String configured = "romeo_cfg";
        IQ reply = IrcCommands.configure(romeo, Map.of("nick", configured, "auto-join", CHANNEL));
        String xml = reply.toXML().toString();
        assertEquals(IQ.Type.result, reply.getType(), xml);
        assertTrue(xml.contains("apply at your next connection"), xml);
        alice.awaitLine(line -> line.startsWith(":" + configured + "!") && RawIrcClient.hasCommand(line, "JOIN")
                && line.contains(CHANNEL), WAIT);
        nick = configured;
    }

    @Test
    @Order(100)
    void noSecretIsInTheLogOrInAnyDataFile() throws IOException {
        stack.stopGateway();
        List<Path> files = new ArrayList<>(stack.dataFiles());
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("credentials")), files + "");
        assertTrue(Files.size(logFile) > logStart, "the gateway logged nothing to " + logFile);
        byte[] log = Files.readAllBytes(logFile);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put(logFile.toString(), java.util.Arrays.copyOfRange(log, (int) logStart, log.length));
        for (Path file : files) {
            contents.put(file.toString(), Files.readAllBytes(file));
        }
        assertFalse(secrets.isEmpty());
        for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
            for (String secret : secrets) {
                for (byte[] encoded : encodings(secret)) {
                    assertEquals(-1, indexOf(entry.getValue(), encoded), "a secret is readable in " + entry.getKey());
                }
            }
        }
    }

    private static List<byte[]> encodings(String secret) {
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        // SASL PLAIN's base64 carries "\0account\0password": look for the password's base64 at each alignment.
        List<byte[]> all = new ArrayList<>(List.of(utf8, secret.getBytes(StandardCharsets.UTF_16LE),
                Base64.getEncoder().encode(utf8), HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII)));
        for (int shift = 1; shift <= 2; shift++) {
            byte[] padded = new byte[utf8.length + shift];
            System.arraycopy(utf8, 0, padded, shift, utf8.length);
            String b64 = Base64.getEncoder().encodeToString(padded);
            // Drop the characters that depend on the unknown bytes before and the padding after.
            all.add(b64.substring(4, b64.length() - 4).getBytes(StandardCharsets.US_ASCII));
        }
        return all;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The next {@code count} PRIVMSG texts romeo sent to the channel, as alice received them. */
    List<String> privmsgTexts(RawIrcClient client, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            texts.add(privmsgText(nthPrivmsg(client, i)));
        }
        return texts;
    }

    /** The {@code n}th PRIVMSG from romeo to the channel since the client's last clear (waits for it). */
    private String nthPrivmsg(RawIrcClient client, int n) {
        int[] seen = {0};
        // awaitLine tests every recorded line once, in order, so the counter finds the nth match.
        return client.awaitLine(l -> isPrivmsgFrom(l, nick) && ++seen[0] == n, WAIT);
    }

    private static boolean isPrivmsgFrom(String line, String from) {
        return line.startsWith(":" + from + "!") && line.contains(" PRIVMSG " + CHANNEL + " :");
    }

    private static String privmsgText(String line) {
        return line.substring(line.indexOf(" PRIVMSG " + CHANNEL + " :") + (" PRIVMSG " + CHANNEL + " :").length());
    }

    /** The reflections romeo gets equal, in order, what the IRC side received (I2). */
    private void assertReflectionEquals(List<String> sent) {
        List<String> reflected = new ArrayList<>();
        Predicate<Message> mine = m -> m.getType() == Message.Type.groupchat && m.getBody() != null
                && m.getFrom().toString().equals(IrcTestGateway.occupant(CHANNEL, nick));
        while (!String.join("\n", reflected).equals(String.join("\n", sent))
                && String.join("\n", reflected).length() < String.join("\n", sent).length()) {
            reflected.add(romeo.awaitMessage(mine, WAIT).getBody());
        }
        assertEquals(String.join("\n", sent), String.join("\n", reflected));
    }

    /** alice gives romeo +o unless he has it; waits until his self-presence shows the moderator role. */
    void ensureOp() {
        if (!op) {
            alice.send("MODE " + CHANNEL + " +o " + nick);
            romeo.awaitPresence(fromOccupant(CHANNEL, nick).and(p -> role(p) == MUCRole.moderator), WAIT);
            op = true;
        }
    }

    /** {@link RawIrcClient#awaitLine}, failing with what romeo's client received too. */
    String awaitIrc(RawIrcClient client, Predicate<String> match) {
        try {
            return client.awaitLine(match, WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nXMPP messages pending: "
                    + romeo.pendingMessages().stream().map(m -> m.toXML().toString()).toList(), e);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Best effort at the end of a test; the next step reports what matters.
        }
    }
}
