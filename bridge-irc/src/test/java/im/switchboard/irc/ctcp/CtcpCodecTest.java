package im.switchboard.irc.ctcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.irc.text.IrcTextSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ctcp.md "Message Syntax" and "ACTION"; threat I3. */
@Timeout(10)
class CtcpCodecTest {

    @Test
    void actionWithAndWithoutFinalDelimiter() {
        assertEquals(new CtcpMessage.Action("waves hello"), CtcpCodec.decode("\u0001ACTION waves hello\u0001"));
        assertEquals(new CtcpMessage.Action("waves hello"), CtcpCodec.decode("\u0001ACTION waves hello"));
        assertEquals(new CtcpMessage.Action(""), CtcpCodec.decode("\u0001ACTION\u0001"));
        assertEquals(new CtcpMessage.Action("x"), CtcpCodec.decode("\u0001action x\u0001"));
    }

    @Test
    void queriesAreTyped() {
        assertEquals(new CtcpMessage.Query("VERSION", ""), CtcpCodec.decode("\u0001VERSION\u0001"));
        assertEquals(new CtcpMessage.Query("PING", "1473523796 918320"),
                CtcpCodec.decode("\u0001PING 1473523796 918320\u0001"));
        assertEquals(new CtcpMessage.Query("TIME", ""), CtcpCodec.decode("\u0001TIME"));
        assertEquals(new CtcpMessage.Query("DCC", "SEND file 2130706433 5000 100"),
                CtcpCodec.decode("\u0001DCC SEND file 2130706433 5000 100\u0001"));
    }

    @Test
    void plainTextLosesStrayDelimiters() {
        assertEquals(new CtcpMessage.Plain("hello world"), CtcpCodec.decode("hello \u0001world\u0001"));
        assertEquals(new CtcpMessage.Plain(""), CtcpCodec.decode("\u0001\u0001"));
        assertEquals(new CtcpMessage.Plain(""), CtcpCodec.decode(""));
    }

    @Test
    void meBecomesAnAction() {
        assertEquals("\u0001ACTION waves\u0001", CtcpCodec.fromUser("/me waves"));
        assertEquals("\u0001ACTION waves\u0001", CtcpCodec.fromUser("/me wa\u0001ves"));
        assertEquals("/mewaves", CtcpCodec.fromUser("/mewaves"));
        assertTrue(CtcpCodec.isMe("/me x"));
        assertEquals("x", CtcpCodec.meText("/me x"));
        assertThrows(IllegalArgumentException.class, () -> CtcpCodec.meText("x"));
        assertEquals(CtcpCodec.ACTION_OVERHEAD, CtcpCodec.action("").length());
    }

    @Test
    void longMeIsSplitIntoActionsThatFit() {
        String body = "/me " + "dances ".repeat(300);
        int prefix = IrcTextSplitter.relayPrefixBytes("alice", 11, 63);
        int budget = IrcTextSplitter.textBudget("PRIVMSG", "#chan", prefix, CtcpCodec.ACTION_OVERHEAD);
        List<String> parts = IrcTextSplitter.split(CtcpCodec.meText(body), budget);
        assertTrue(parts.size() > 1);
        for (String part : parts) {
            String text = CtcpCodec.action(part);
            String relayed = ":alice!" + "u".repeat(11) + "@" + "h".repeat(63) + " PRIVMSG #chan :" + text + "\r\n";
            assertTrue(relayed.getBytes(StandardCharsets.UTF_8).length <= 512, relayed);
            assertEquals(new CtcpMessage.Action(part), CtcpCodec.decode(text));
        }
    }

    @Test
    void userCannotSendCtcpOrDcc() {
        String sent = CtcpCodec.fromUser("\u0001DCC SEND evil 2130706433 22 1\u0001");
        assertFalse(sent.indexOf('\u0001') >= 0, sent);
        assertEquals(new CtcpMessage.Plain("DCC SEND evil 2130706433 22 1"), CtcpCodec.decode(sent));
        assertEquals(new CtcpMessage.Plain("VERSION"), CtcpCodec.decode(CtcpCodec.fromUser("\u0001VERSION\u0001")));
    }

    @Test
    void repliesAreWhitelisted() {
        assertEquals("\u0001VERSION Switchboard 0.1\u0001", CtcpCodec.reply("version", "Switchboard 0.1"));
        assertEquals("\u0001PING 123\u0001", CtcpCodec.reply("PING", "1\u000123"));
        assertEquals("\u0001CLIENTINFO\u0001", CtcpCodec.reply("CLIENTINFO", ""));
        assertThrows(IllegalArgumentException.class, () -> CtcpCodec.reply("DCC", "SEND x 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> CtcpCodec.reply("ACTION", "x"));
    }
}
