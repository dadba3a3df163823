package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.irc.IrcBridge;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.IrcConnectRequest;
import im.switchboard.registration.Registration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A guest's session (an unregistered user let into rooms, {@code [gateway] rooms-for-unregistered}): the
 * bridge's ephemeral registration carries the room nick, and the session connects with it and nothing else.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcSessionGuestTest {

    private static final IrcAddress.Channel CHAT = new IrcAddress.Channel(SessionFixture.HOST, "#chat");

    @Test
    void aGuestConnectsAsTheirRoomNickWithDerivedUserAndRealName() throws Exception {
        SessionFixture f = new SessionFixture();
        Registration guest = new IrcBridge().guestRegistration("benvolio@montague.lit", "Benvolio");
        IrcSession session = new IrcSession(new SessionContext(guest, f.sink),
                new SessionEnvironment(f.settings, f.connector, f.scheduler, f.clock, new Random(7), f.joinTimer,
                        Runnable::run));
        session.connect();
        assertEquals(0, f.connector.connections().size(), "no always-on server for a guest");
        session.joinRoom(new RoomJoin(CHAT, "Benvolio", Optional.empty()));
        IrcConnectRequest request = f.connector.requests().get(0);
        assertEquals("Benvolio", request.nick());
        assertEquals("benvolio", request.username());
        assertEquals("Benvolio", request.realname());
        assertTrue(request.serverPassword().isEmpty() && request.saslPassword().isEmpty()
                && request.nickservPassword().isEmpty(), "no secret");
        assertEquals("benvolio@montague.lit", request.user());
        assertTrue(f.connector.last().lines().contains("JOIN #chat"));
        session.close();
    }
}
