package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.registration.Registration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code registrationChanged}: new per-server settings apply at the next connection, without a new session. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IrcSessionSettingsChangeTest {

    private static final String HOST = SessionFixture.HOST;
    private static final IrcAddress.User JULIET = new IrcAddress.User(HOST, "juliet");

    private final SessionFixture f = new SessionFixture();

    private Registration changed() {
        return new Registration(SessionFixture.USER, Map.of("nick", "romeo",
                IrcUserServerSettings.key(HOST, "nick"), "romeo_m", IrcUserServerSettings.key(HOST, "auto-join"),
                "#verona"), Map.of(IrcUserServerSettings.key(HOST, "server-password"), Secret.of("pw")));
    }

    @Test
    void theNextConnectionToTheServerUsesTheNewSettings() throws Exception {
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        assertEquals("romeo", f.connector.requests().get(0).nick());

        f.session.registrationChanged(changed());
        assertEquals(1, f.connector.connections().size(), "the open connection is kept");

        f.connector.last().drop("Ping timeout");
        assertTrue(f.scheduler.runNext());
        assertEquals(2, f.connector.requests().size());
        assertEquals("romeo_m", f.connector.requests().get(1).nick());
        assertEquals(Optional.of(Secret.of("pw")), f.connector.requests().get(1).serverPassword());
        assertTrue(f.connector.last().lines().contains("JOIN #verona"), f.connector.last().lines().toString());
    }

    @Test
    void aServerConnectedLaterUsesTheNewSettings() throws Exception {
        f.session.registrationChanged(changed());
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        assertEquals("romeo_m", f.connector.requests().get(0).nick());
        // another server has no per-server nick: the registration's default
        f.session.sendMessage(new OutgoingMessage("m2", new IrcAddress.User(SessionFixture.OTHER, "tybalt"), "hi",
                false));
        assertEquals("romeo", f.connector.requests().get(1).nick());
    }

    @Test
    void anotherUsersRegistrationIsIgnored() throws Exception {
        f.session.registrationChanged(new Registration("tybalt@capulet.lit",
                Map.of("nick", "tybalt"), Map.of()));
        f.session.sendMessage(new OutgoingMessage("m1", JULIET, "hi", false));
        assertEquals(List.of("romeo"), f.connector.requests().stream().map(r -> r.nick()).toList());
    }
}
