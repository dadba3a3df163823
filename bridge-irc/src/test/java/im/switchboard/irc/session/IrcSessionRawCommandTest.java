package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.UnsupportedException;
import im.switchboard.irc.address.IrcAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Raw commands (opt-in): THREATS I3 (no CTCP but ACTION, never DCC) and I2 (512 bytes as relayed). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcSessionRawCommandTest {

    private final SessionFixture f = new SessionFixture(true, Map.of(), Map.of());

    private void raw(String command) throws Exception {
        f.session.sendMessage(new OutgoingMessage("raw-1", new IrcAddress.Server(SessionFixture.HOST), command,
                false));
    }

    @Test
    void ctcpOtherThanActionIsTakenOutOfPrivmsgAndNotice() throws Exception {
        raw("PRIVMSG juliet :\u0001DCC SEND evil.exe 2130706433 22 100\u0001");
        raw("NOTICE #verona :\u0001VERSION\u0001");
        raw("PRIVMSG #verona :\u0001ACTION waves\u0001");
        raw("PRIVMSG #verona :hello \u0001there\u0001");
        assertEquals(List.of("PRIVMSG juliet :DCC SEND evil.exe 2130706433 22 100", "NOTICE #verona VERSION",
                "PRIVMSG #verona :\u0001ACTION waves\u0001", "PRIVMSG #verona :hello there"),
                f.connector.last().lines());
        assertTrue(f.connector.last().lines().stream().noneMatch(l -> l.contains("\u0001DCC")));
    }

    @Test
    void aCommandThatWouldExceed512BytesAsRelayedIsRefused() throws Exception {
        raw("PRIVMSG #verona :short");
        UnsupportedException e = assertThrows(UnsupportedException.class,
                () -> raw("PRIVMSG #verona :" + "x".repeat(480)));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        assertEquals(List.of("PRIVMSG #verona short"), f.connector.last().lines());
    }
}
