package im.switchboard.app;

import static im.switchboard.app.IrcTestGateway.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamElements;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0313 on the IRC bridge's rooms end to end: a real Prosody, the gateway with its H2 room history, ngircd on
 * loopback with a plain IRC client ("alice") talking, and Smack's {@link MamManager} as the client, the way
 * Conversations catches up on a room. ngircd gives no IRCv3 msgid, so every id here is one the gateway made when
 * it archived the message, and the live message carried it as its XEP-0359 stanza id (XEP-0313 section 5).
 * The tests share the room and run in order (the second adds romeo's own line at the end of the archive).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NgircdRoomArchiveIT {

    private static final String CHANNEL = "#archive";

    @TempDir
    static Path workDir;

    private IrcServerProcess irc;
    private IrcTestGateway stack;
    private XmppTestClient romeo;
    private RawIrcClient alice;
    /** The live messages romeo received from alice, in order, and their stanza ids. */
    private final List<String> bodies = new ArrayList<>();
    private final List<String> liveIds = new ArrayList<>();

    @BeforeAll
    void startAndTalk() throws Exception {
        irc = Ngircd.builder().start();
        stack = IrcTestGateway.start(workDir, IrcTestGateway.Target.plain(irc), List.of("romeo", "mallory"), "");
        alice = RawIrcClient.connect(irc.host(), irc.plainPort(), "alice");
        alice.send("JOIN " + CHANNEL);
        alice.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
        romeo = stack.loginRegistered("romeo", "romeo");
        IrcRooms.join(romeo, CHANNEL, "romeo");
        alice.awaitLine(line -> line.startsWith(":romeo!") && RawIrcClient.hasCommand(line, "JOIN"), WAIT);
        for (int i = 1; i <= 7; i++) {
            String body = "archived line " + i + " ✓";
            alice.send("PRIVMSG " + CHANNEL + " :" + body);
            Message live = IrcRooms.awaitGroupchat(romeo, CHANNEL, "alice", body);
            StanzaIdElement stanzaId = StanzaIdElement.getStanzaId(live);
            assertNotNull(stanzaId, "the live message carries its archive id: " + live.toXML());
            assertEquals(IrcTestGateway.room(CHANNEL), stanzaId.getBy());
            bodies.add(body);
            liveIds.add(stanzaId.getId());
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {romeo, alice}) {
            if (c != null) {
                c.close();
            }
        }
        if (stack != null) {
            stack.close();
        }
        if (irc != null) {
            irc.close();
        }
    }

    private MamManager archive(XmppTestClient client) {
        return MamManager.getInstanceFor(client.connection(), JidCreate.fromOrThrowUnchecked(
                IrcTestGateway.room(CHANNEL)));
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }

    private static List<String> ids(MamManager.MamQuery query) {
        return query.getMamResultExtensions().stream().map(MamElements.MamResultExtension::getId).toList();
    }

    @Test
    @Order(1)
    void theRoomAdvertisesItsArchiveAndTheLastPageIsWhatWasJustSaid() throws Exception {
        MamManager mam = archive(romeo);
        assertTrue(mam.isSupported(), "XEP-0313 section 8: urn:xmpp:mam:2 on the room's disco#info");
        // Section 4.3.3: the last page; just said, so some of it may still wait for the history's writer.
        MamManager.MamQuery last = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSizeTo(3)
                .queryLastPage().build());
        assertEquals(bodies.subList(4, 7), bodies(last.getMessages()));
        assertEquals(liveIds.subList(4, 7), ids(last));
        assertFalse(last.isComplete());
        Message first = last.getMessages().getFirst();
        assertEquals(IrcTestGateway.occupant(CHANNEL, "alice"), first.getFrom().toString());
        assertEquals(Message.Type.groupchat, first.getType());
        // Paging back to the start of the archive.
        List<String> earlier = new ArrayList<>(bodies(last.pagePrevious(3)));
        earlier.addAll(0, bodies(last.pagePrevious(3)));
        assertEquals(bodies.subList(0, 4), earlier);
        assertTrue(last.isComplete());
    }

    @Test
    @Order(2)
    void catchingUpAfterTheLastKnownIdAndFilteringByOccupant() throws Exception {
        MamManager mam = archive(romeo);
        MamManager.MamQuery since = mam.queryArchive(MamManager.MamQueryArgs.builder().afterUid(liveIds.get(2))
                .setResultPageSizeTo(100).build());
        assertEquals(bodies.subList(3, 7), bodies(since.getMessages()));
        assertTrue(since.isComplete());
        // What romeo says himself is in his archive too, under his nick.
        IrcRooms.say(romeo, CHANNEL, "romeo's own line");
        alice.awaitLine(line -> line.contains("romeo's own line"), WAIT);
        IrcRooms.awaitGroupchat(romeo, CHANNEL, "romeo", "romeo's own line");
        MamManager.MamQuery own = mam.queryArchive(MamManager.MamQueryArgs.builder()
                .limitResultsToJid(JidCreate.fromOrThrowUnchecked(IrcTestGateway.occupant(CHANNEL, "romeo")))
                .setResultPageSizeTo(10).build());
        assertEquals(List.of("romeo's own line"), bodies(own.getMessages()));
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> mam.queryArchive(MamManager.MamQueryArgs.builder().afterUid("no-such-id").build()));
        assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
    }

    @Test
    @Order(3)
    void someoneWhoMayNotUseTheRoomsGetsNoArchive() throws Exception {
        try (XmppTestClient mallory = stack.login("mallory")) {
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> archive(mallory).queryArchive(MamManager.MamQueryArgs.builder().build()));
            // XEP-0313 section 9: no right to enter the room (not registered, guests not allowed) is forbidden.
            assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        }
    }
}
