package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.irc.IrcBridge;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.ServerFeatures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XEP-0085 chat states as the IRCv3 {@code +typing} client tag on TAGMSG (IRCv3 typing specification). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcSessionChatStateTest {

    private static final IrcAddress.User JULIET = new IrcAddress.User(SessionFixture.HOST, "juliet");

    private final SessionFixture f = new SessionFixture();

    /** Opens the connection with a private message; the server offers {@code caps}. */
    private FakeIrcConnection connected(Set<String> caps) throws Exception {
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        FakeIrcConnection connection = f.connector.last();
        connection.features(new ServerFeatures(Map.of(), caps));
        return connection;
    }

    private static List<String> tagmsgs(FakeIrcConnection connection) {
        return connection.lines().stream().filter(l -> l.contains("TAGMSG")).toList();
    }

    @Test
    void theBridgeDeclaresChatStates() {
        assertTrue(new IrcBridge().capabilities().contains(Capability.CHAT_STATES));
    }

    @Test
    void composingPausedAndActiveBecomeTypingTags() throws Exception {
        FakeIrcConnection connection = connected(Set.of("message-tags"));
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        f.session.sendChatState(JULIET, ChatState.PAUSED);
        f.session.sendChatState(JULIET, ChatState.ACTIVE);
        assertEquals(List.of("@+typing=active TAGMSG juliet", "@+typing=paused TAGMSG juliet",
                "@+typing=done TAGMSG juliet"), tagmsgs(connection));
    }

    @Test
    void activeIsSentAtMostOnceEveryThreeSecondsPerTarget() throws Exception {
        FakeIrcConnection connection = connected(Set.of("message-tags"));
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        f.clock.advance(Duration.ofMillis(2999));
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        f.session.sendChatState(new IrcAddress.User(SessionFixture.HOST, "mercutio"), ChatState.COMPOSING);
        f.clock.advance(Duration.ofMillis(1));
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        assertEquals(List.of("@+typing=active TAGMSG juliet", "@+typing=active TAGMSG mercutio",
                "@+typing=active TAGMSG juliet"), tagmsgs(connection));
    }

    @Test
    void doneWithoutTypingFirstSendsNothing() throws Exception {
        // clients send <active/> with every message: that must not become a line per message
        FakeIrcConnection connection = connected(Set.of("message-tags"));
        f.session.sendChatState(JULIET, ChatState.ACTIVE);
        f.session.sendChatState(JULIET, ChatState.GONE);
        f.session.sendChatState(JULIET, ChatState.PAUSED);
        assertEquals(List.of(), tagmsgs(connection));
    }

    @Test
    void withoutMessageTagsNothingIsSentAndNothingFails() throws Exception {
        FakeIrcConnection connection = connected(Set.of("echo-message"));
        int before = connection.lines().size();
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        f.session.sendChatState(JULIET, ChatState.ACTIVE);
        assertEquals(before, connection.lines().size());
    }

    @Test
    void aChatStateNeverOpensAConnection() throws Exception {
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        assertEquals(0, f.connector.connections().size());
    }

    @Test
    void aNickThatCouldInjectIsRefusedBeforeAnythingIsWritten() throws Exception {
        // THREATS I1: the target is a middle parameter
        FakeIrcConnection connection = connected(Set.of("message-tags"));
        int before = connection.lines().size();
        org.junit.jupiter.api.Assertions.assertThrows(im.switchboard.core.spi.InvalidAddressException.class,
                () -> f.session.sendChatState(new IrcAddress.User(SessionFixture.HOST, "x\r\nQUIT"),
                        ChatState.COMPOSING));
        assertEquals(before, connection.lines().size());
    }

    @Test
    void aMessageEndsTypingSoTheNextActiveGoesOutAtOnce() throws Exception {
        // receivers take a message as the end of typing: no "done" is owed, and typing again shows at once
        FakeIrcConnection connection = connected(Set.of("message-tags"));
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        f.session.sendMessage(new OutgoingMessage("m2", JULIET, "Good night", false));
        f.session.sendChatState(JULIET, ChatState.ACTIVE);
        f.session.sendChatState(JULIET, ChatState.COMPOSING);
        assertEquals(List.of("@+typing=active TAGMSG juliet", "@+typing=active TAGMSG juliet"), tagmsgs(connection));
    }
}
