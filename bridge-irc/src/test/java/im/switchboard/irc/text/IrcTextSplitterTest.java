package im.switchboard.irc.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.irc.message.IrcLine;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** I2: 512 bytes per relayed line including prefix and CR LF, cuts at code point boundaries. */
@Timeout(10)
class IrcTextSplitterTest {

    private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, four UTF-8 bytes

    @Test
    void shortBodyIsOneLine() {
        assertEquals(List.of("hello"), IrcTextSplitter.split("hello", 100));
    }

    @Test
    void lineBreaksMakeOneMessagePerLineAndEmptyLinesAreSkipped() {
        assertEquals(List.of("a", "b", "c", "d", "e", "f", " "),
                IrcTextSplitter.split("a\r\nb\nc\rd\u2028e\u2029\n\r\n\nf\n \n", 100));
        assertEquals(List.of(), IrcTextSplitter.split("\n\r\n\u2028", 100));
        assertEquals(List.of(), IrcTextSplitter.split("", 100));
        assertEquals(List.of("ab"), IrcTextSplitter.split("a\0b", 100));
    }

    @Test
    void fourByteEmojiExactlyAtTheBoundaryIsNotCut() {
        // 8 bytes of ASCII then an emoji on bytes 9..12 with a budget of 10: the emoji goes to the next line.
        List<String> parts = IrcTextSplitter.split("abcdefgh" + EMOJI + "ij", 10);
        assertEquals(List.of("abcdefgh", EMOJI + "ij"), parts);
        // Exactly fitting: 6 ASCII + emoji = 10 bytes.
        assertEquals(List.of("abcdef" + EMOJI, "x"), IrcTextSplitter.split("abcdef" + EMOJI + "x", 10));
        for (int budget = 4; budget < 20; budget++) {
            String body = EMOJI.repeat(9) + "é" + EMOJI.repeat(3);
            List<String> out = IrcTextSplitter.split(body, budget);
            assertEquals(body, String.join("", out));
            for (String part : out) {
                assertTrue(part.getBytes(StandardCharsets.UTF_8).length <= budget);
                assertTrue(!Character.isLowSurrogate(part.charAt(0)));
                assertTrue(!Character.isHighSurrogate(part.charAt(part.length() - 1)));
            }
        }
    }

    @Test
    void prefersASpaceCloseToTheCut() {
        assertEquals(List.of("hello big", "world"), IrcTextSplitter.split("hello big world", 12));
        assertEquals(List.of("hello", "world"), IrcTextSplitter.split("hello world", 5));
        // No space in the second half: hard cut.
        assertEquals(List.of("a bcdefghijk", "lm"), IrcTextSplitter.split("a bcdefghijklm", 12));
    }

    @Test
    void loneSurrogateBecomesReplacementCharacter() {
        assertEquals(List.of("a\uFFFDb"), IrcTextSplitter.split("a\uD800b", 10));
    }

    @Test
    void tooSmallBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> IrcTextSplitter.split("x", 3));
        assertThrows(IllegalArgumentException.class,
                () -> IrcTextSplitter.splitPrivmsg("#" + "c".repeat(300), "x", 250));
    }

    @Test
    void relayPrefixArithmetic() {
        assertEquals(":alice!~alice12@host.example ".length(),
                IrcTextSplitter.relayPrefixBytes("alice", "~alice12".length(), "host.example".length()));
        assertEquals(512 - 30 - "PRIVMSG #chan :".length() - 2,
                IrcTextSplitter.textBudget("PRIVMSG", "#chan", 30, 0));
    }

    /** A 2,000-character mixed body: every relayed line fits 512 bytes and the text is all there. */
    @Test
    void twoThousandCharacterBodyRelayedLinesFit() {
        Random random = new Random(2000);
        String alphabet = "abc déf 漢字 " + EMOJI + " ";
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder body = new StringBuilder();
        while (body.length() < 2000) {
            body.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        String target = "#switchboard";
        int prefix = IrcTextSplitter.relayPrefixBytes("alice", 11, 63);
        String relayPrefix = ":alice!" + "u".repeat(11) + "@" + "h".repeat(63) + " ";
        assertEquals(prefix, relayPrefix.length());
        List<String> parts = IrcTextSplitter.splitPrivmsg(target, body.toString(), prefix);
        assertTrue(parts.size() > 3, "expected several lines, got " + parts.size());
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            IrcLine line = IrcMessageWriter.write(IrcMessage.of("PRIVMSG", target, part));
            assertEquals(part, line.sent().params().get(1), "the writer must not change a split text");
            String relayed = relayPrefix + "PRIVMSG " + target + " :" + part + "\r\n";
            assertTrue(relayed.getBytes(StandardCharsets.UTF_8).length <= 512, relayed);
            joined.append(part);
        }
        // Only spaces at cuts may be gone.
        assertEquals(body.toString().replace(" ", ""), joined.toString().replace(" ", ""));
    }
}
