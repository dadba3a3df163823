package im.switchboard.irc.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Modern IRC "Message Format" examples (c2s_structure), IRCv3 tag escaping, and odd lines (I7). */
@Timeout(10)
class IrcMessageParserTest {

    private static IrcMessage parsed(String line) {
        IrcParseResult r = IrcMessageParser.parse(line);
        return assertInstanceOf(IrcParseResult.Parsed.class, r, () -> "not parsed: " + r).message();
    }

    @Test
    void specExampleWithSourceAndTrailing() {
        IrcMessage m = parsed(":irc.example.com CAP LS * :multi-prefix extended-join sasl\r\n");
        assertEquals(Optional.of(new IrcSource("irc.example.com", "", "")), m.source());
        assertEquals("CAP", m.command());
        assertEquals(List.of("LS", "*", "multi-prefix extended-join sasl"), m.params());
    }

    @Test
    void specExampleWithTagsAndFullSource() {
        IrcMessage m = parsed("@id=234AB :dan!d@localhost PRIVMSG #chan :Hey what's up!");
        assertEquals(Map.of("id", "234AB"), m.tags());
        assertEquals(new IrcSource("dan", "d", "localhost"), m.source().orElseThrow());
        assertEquals("dan!d@localhost", m.source().orElseThrow().raw());
        assertEquals(List.of("#chan", "Hey what's up!"), m.params());
    }

    @Test
    void specTagExamples() {
        assertEquals(Map.of("id", "123AB", "rose", ""), parsed("@id=123AB;rose PING x").tags());
        assertEquals(Map.of("url", "", "netsplit", "tur,ty"), parsed("@url=;netsplit=tur,ty PING x").tags());
    }

    @Test
    void specParameterExamples() {
        assertEquals(List.of("*", "LIST", ""), parsed(":irc.example.com CAP * LIST :").params());
        assertEquals(List.of("#chan", "Hey!"), parsed(":dan!d@localhost PRIVMSG #chan :Hey!").params());
        assertEquals(List.of("#chan", "Hey!"), parsed(":dan!d@localhost PRIVMSG #chan Hey!").params());
        assertEquals(List.of("#chan", ":-)"), parsed(":dan!d@localhost PRIVMSG #chan ::-)").params());
    }

    @Test
    void tagValueEscapes() {
        IrcMessage m = parsed("@a=x\\:y\\sz\\\\w\\r\\n;b=\\q;c=end\\ :s PING");
        assertEquals("x;y z\\w\r\n", m.tags().get("a"));
        assertEquals("q", m.tags().get("b"));
        assertEquals("end", m.tags().get("c"));
        assertEquals(List.of(), m.params());
    }

    @Test
    void duplicateTagLastWinsAndEmptyEntriesAreSkipped() {
        assertEquals(Map.of("k", "2"), parsed("@k=1;;k=2; PING").tags());
    }

    @Test
    void numericsAndCommandCase() {
        IrcMessage m = parsed(":irc.example.com 001 alice :Welcome to the network");
        assertTrue(m.isNumeric());
        assertEquals("001", m.command());
        assertEquals("PRIVMSG", parsed("privmsg #a :b").command());
    }

    @Test
    void toleratesExtraSpacesAndLineEndings() {
        IrcMessage m = parsed("  :nick!u@h   PRIVMSG    #chan    word  :two  spaces  \n");
        assertEquals(List.of("#chan", "word", "two  spaces  "), m.params());
        assertEquals(List.of("x"), parsed("PING x\r").params());
        assertEquals(List.of(), parsed("PING").params());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r\n", "   ", "@tags=only", "@a=b ", ": PRIVMSG #a :b", ":only.source",
        "12 x", "1234 x", "PRIV-MSG x", "PRIVMSG #a :b\0c", "PRIVMSG #a :b\rc", "PRIVMSG #a :b\nc", "!!!"})
    void malformedLinesAreTypedErrors(String line) {
        IrcParseResult r = IrcMessageParser.parse(line);
        IrcParseResult.Malformed m = assertInstanceOf(IrcParseResult.Malformed.class, r);
        assertEquals(line, m.line());
        assertTrue(!m.reason().isBlank());
    }

    @Test
    void nullIsATypedError() {
        assertInstanceOf(IrcParseResult.Malformed.class, IrcMessageParser.parse(null));
    }

    /** I7: random garbage never throws. */
    @Test
    void garbageNeverEscapes() {
        Random random = new Random(7);
        String alphabet = "@:; =\\!#aZ09 \r\n\0\u0001\u00e9\uD83D\uDE00\uD800";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            IrcParseResult r = IrcMessageParser.parse(line.toString());
            assertTrue(r instanceof IrcParseResult.Parsed || r instanceof IrcParseResult.Malformed);
        }
    }
}
