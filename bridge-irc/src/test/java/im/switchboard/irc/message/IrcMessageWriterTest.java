package im.switchboard.irc.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** I1: no CR, LF or NUL reaches the wire from any parameter; what was sent is what is reported. */
@Timeout(10)
class IrcMessageWriterTest {

    private static final String[] INJECTIONS = {"\r\nQUIT :pwned", "\nQUIT", "\rQUIT", "\0QUIT", "\u2028QUIT",
        "\u2029QUIT", "\u0085QUIT", "\r\n\r\nJOIN #evil"};

    @Test
    void writesSpecShapes() {
        assertEquals("PRIVMSG #chan :Hey what's up!",
                IrcMessageWriter.write(IrcMessage.of("PRIVMSG", "#chan", "Hey what's up!")).text());
        assertEquals("PRIVMSG #chan Hey!", IrcMessageWriter.write(IrcMessage.of("privmsg", "#chan", "Hey!")).text());
        assertEquals("PRIVMSG #chan ::-)", IrcMessageWriter.write(IrcMessage.of("PRIVMSG", "#chan", ":-)")).text());
        assertEquals("CAP * LIST :", IrcMessageWriter.write(IrcMessage.of("CAP", "*", "LIST", "")).text());
        assertEquals("QUIT", IrcMessageWriter.write(IrcMessage.of("QUIT")).text());
        assertArrayEquals("PING x\r\n".getBytes(StandardCharsets.US_ASCII),
                IrcMessageWriter.write(IrcMessage.of("PING", "x")).bytes());
    }

    @Test
    void tagsAreEscapedAndRoundTrip() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("+draft/reply", "abc");
        tags.put("+example.com/x", "a;b c\\d\r\ne");
        tags.put("flag", "");
        IrcMessage m = new IrcMessage(tags, Optional.empty(), "TAGMSG", List.of("#chan"));
        IrcLine line = IrcMessageWriter.write(m);
        assertEquals("@+draft/reply=abc;+example.com/x=a\\:b\\sc\\\\d\\r\\ne;flag TAGMSG #chan", line.text());
        assertEquals(m, reparse(line));
    }

    @Test
    void trailingParameterIsSanitizedAndReported() {
        IrcLine line = IrcMessageWriter.write(IrcMessage.of("PRIVMSG", "#chan", "one\r\ntwo\nthree\0four\u2028five"));
        assertEquals("PRIVMSG #chan :one two threefour five", line.text());
        assertEquals(List.of("#chan", "one two threefour five"), line.sent().params());
        assertEquals(line.sent(), reparse(line));
    }

    /** Every injection in every parameter position of common commands: one command on the wire, or refusal. */
    @Test
    void injectionInEveryParameterProducesNoExtraCommand() {
        List<List<String>> shapes = List.of(
                List.of("PRIVMSG", "#chan", "hello"), List.of("NOTICE", "nick", "hello"),
                List.of("TOPIC", "#chan", "new topic"), List.of("KICK", "#chan", "nick", "reason"),
                List.of("PART", "#chan", "bye"), List.of("JOIN", "#chan", "key"), List.of("NICK", "newnick"),
                List.of("USER", "user", "0", "*", "Real Name"), List.of("QUIT", "reason"),
                List.of("MODE", "#chan", "+k", "key"));
        int written = 0;
        int refused = 0;
        for (List<String> shape : shapes) {
            for (int p = 1; p < shape.size(); p++) {
                for (String injection : INJECTIONS) {
                    List<String> params = new ArrayList<>(shape.subList(1, shape.size()));
                    params.set(p - 1, params.get(p - 1) + injection);
                    IrcMessage m = IrcMessage.of(shape.get(0), params.toArray(String[]::new));
                    IrcLine line;
                    try {
                        line = IrcMessageWriter.write(m);
                    } catch (IrcWriteException e) {
                        assertTrue(p < shape.size() - 1, "last parameter must be sanitized, not refused: " + m);
                        refused++;
                        continue;
                    }
                    written++;
                    String text = line.text();
                    for (char c : new char[] {'\r', '\n', '\0'}) {
                        assertTrue(text.indexOf(c) < 0, "raw control in " + text);
                    }
                    byte[] bytes = line.bytes();
                    assertEquals(1, countCrLf(bytes), text);
                    IrcMessage back = reparse(line);
                    assertEquals(line.sent(), back);
                    assertEquals(shape.get(0), back.command());
                    assertEquals(shape.size() - 1, back.params().size(), text);
                }
            }
        }
        assertTrue(written > 0 && refused > 0);
    }

    @Test
    void middleParametersAreRefused() {
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(IrcMessage.of("PRIVMSG", "#a b", "x")));
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(IrcMessage.of("PRIVMSG", "", "x")));
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(IrcMessage.of("PRIVMSG", ":x", "x")));
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(IrcMessage.of("PRIV MSG", "x")));
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(IrcMessage.of("PRIVMSG\r\nQUIT", "x")));
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(
                new IrcMessage(Map.of("bad key", "v"), Optional.empty(), "TAGMSG", List.of("#a"))));
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(
                new IrcMessage(Map.of(), Optional.of(new IrcSource("a\r\nQUIT", "", "")), "PING", List.of("x"))));
    }

    @Test
    void tooLongLineIsRefused() {
        // The colon counts: a text with a space needs it.
        String text = "a " + "x".repeat(510 - "PRIVMSG #a :a ".length());
        assertEquals(510, IrcMessageWriter.write(IrcMessage.of("PRIVMSG", "#a", text)).text().length());
        assertThrows(IrcWriteException.class, () -> IrcMessageWriter.write(IrcMessage.of("PRIVMSG", "#a",
                text + "y")));
    }

    private static IrcMessage reparse(IrcLine line) {
        IrcParseResult r = IrcMessageParser.parse(new String(line.bytes(), StandardCharsets.UTF_8));
        return assertInstanceOf(IrcParseResult.Parsed.class, r).message();
    }

    private static int countCrLf(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            if (b == '\n' || b == '\r' || b == 0) {
                n++;
            }
        }
        return n == 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n' ? 1 : -n;
    }
}
