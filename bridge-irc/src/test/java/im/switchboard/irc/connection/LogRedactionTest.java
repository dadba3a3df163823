package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.irc.message.IrcMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** G3 at TRACE: which lines are never shown; QUIT never fails; WEBIRC hides the JID. */
@Timeout(10)
class LogRedactionTest {

    @Test
    void secretBearingLinesAreRecognised() {
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("PASS", "x")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("AUTHENTICATE", "x")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("OPER", "a", "b")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("WEBIRC", "a", "b", "c", "d")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("PRIVMSG", "NickServ", "IDENTIFY x")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("PRIVMSG", "nickserv", "REGISTER x y")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("NOTICE", "ChanServ", "x")));
        assertFalse(PircIrcConnection.mayHoldSecret(IrcMessage.of("PRIVMSG", "#verona", "IDENTIFY x")));
        assertFalse(PircIrcConnection.mayHoldSecret(IrcMessage.of("JOIN", "#verona")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("JOIN", "#verona", "balcony")), "a channel key");
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("MODE", "#verona", "+mk", "balcony")));
        assertFalse(PircIrcConnection.mayHoldSecret(IrcMessage.of("MODE", "#verona", "+m")));
        assertFalse(PircIrcConnection.mayHoldSecret(IrcMessage.of("MODE", "#verona", "+o", "romeo")));
    }

    @Test
    void servicesAddressedWithTheirServerAreRecognisedToo() {
        // RFC 2812 section 3.3.1: "nick@server" targets, as services are often addressed to defeat nick theft.
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("PRIVMSG", "NickServ@services.example.net",
                "IDENTIFY romeo hunter2")));
        assertTrue(PircIrcConnection.mayHoldSecret(IrcMessage.of("PRIVMSG", "nickserv@services.", "IDENTIFY x")));
        assertFalse(PircIrcConnection.mayHoldSecret(IrcMessage.of("PRIVMSG", "juliet@capulet.lit", "hi")));
    }

    @Test
    void quitLineNeverFails() {
        assertEquals("QUIT :Gone to Mantua", PircIrcConnection.quitLine("Gone to Mantua"));
        assertEquals("QUIT :a b", PircIrcConnection.quitLine("a\r\nb"));
        assertEquals("QUIT", PircIrcConnection.quitLine("x".repeat(600)));
    }

    @Test
    void webircAddressIsStableUniqueLocalAndHidesTheJid() {
        RegistrationPlan.Webirc a = PircIrcConnection.webirc(Secret.of("pw"), "romeo@montague.lit");
        RegistrationPlan.Webirc b = PircIrcConnection.webirc(Secret.of("pw"), "romeo@montague.lit");
        RegistrationPlan.Webirc c = PircIrcConnection.webirc(Secret.of("pw"), "juliet@capulet.lit");
        assertEquals(a.ip(), b.ip());
        assertFalse(a.ip().equals(c.ip()));
        assertTrue(a.ip().startsWith("fd"), a.ip());
        assertFalse(a.hostname().contains("romeo"));
        assertEquals("switchboard", a.gateway());
    }
}
