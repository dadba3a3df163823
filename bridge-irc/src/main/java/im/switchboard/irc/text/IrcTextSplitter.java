package im.switchboard.irc.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message body into the texts of {@code PRIVMSG <target> :<text>} lines (threat I2).
 *
 * <p>Every line must fit 512 bytes including CR LF <em>as the server relays it</em>, that is with the prefix
 * {@code :nick!user@host } it adds in front (Modern IRC, "Message Format"); the caller gives the worst-case
 * length of that prefix, see {@link #relayPrefixBytes(String, int, int)}. The rules:
 * <ul>
 *   <li>Line breaks ({@code \r\n}, {@code \n}, {@code \r}, NEL, U+2028, U+2029) end a message: one message per
 *       line (I1).</li>
 *   <li>Empty lines are <em>skipped</em>: servers refuse an empty text (ERR_NOTEXTTOSEND) and a lone space would
 *       only show noise. A body of only line breaks gives no message at all.</li>
 *   <li>NUL is removed (it cannot be sent); a lone surrogate becomes U+FFFD.</li>
 *   <li>A long line is cut at a code point boundary, never inside a surrogate pair or a UTF-8 sequence. When a
 *       space is in the second half of the piece, the cut is made there and that one space is dropped.</li>
 * </ul>
 * The result is exactly the texts that will be sent, for the XMPP reflection. Formatting codes are not kept
 * together across a cut; a colour may end at the cut.
 */
public final class IrcTextSplitter {

    /** Modern IRC, "Message Format". */
    public static final int MAX_LINE_BYTES = 512;

    private IrcTextSplitter() {
    }

    /**
     * The worst-case length of {@code ":" nick "!" user "@" host " "}.
     *
     * @param nick       the user's nick as the server knows it
     * @param maxUserLen the longest user name the server may show (USERLEN, plus one for an ident {@code ~})
     * @param maxHostLen the longest host or cloak the server may show (HOSTLEN, 63 on most servers)
     */
    public static int relayPrefixBytes(String nick, int maxUserLen, int maxHostLen) {
        return 1 + utf8Length(nick) + 1 + maxUserLen + 1 + maxHostLen + 1;
    }

    /**
     * The bytes left for the text of {@code <command> <target> :<text>} relayed with that prefix.
     *
     * @param overhead bytes the caller adds around each text, for example CTCP ACTION's 9
     */
    public static int textBudget(String command, String target, int relayPrefixBytes, int overhead) {
        return MAX_LINE_BYTES - relayPrefixBytes - utf8Length(command) - 1 - utf8Length(target) - 2 - 2 - overhead;
    }

    /**
     * Splits {@code body} for {@code PRIVMSG target :text}.
     *
     * @throws IllegalArgumentException when the target and prefix leave too little room for one character
     */
    public static List<String> splitPrivmsg(String target, String body, int relayPrefixBytes) {
        return split(body, textBudget("PRIVMSG", target, relayPrefixBytes, 0));
    }

    /**
     * Splits {@code body} into texts of at most {@code maxBytes} UTF-8 bytes each.
     *
     * @throws IllegalArgumentException when {@code maxBytes} is below 4 (one code point may need 4 bytes)
     */
    public static List<String> split(String body, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("no room for text: " + maxBytes + " bytes");
        }
        List<String> out = new ArrayList<>();
        for (String line : lines(replaceLoneSurrogates(body.replace("\0", "")))) {
            splitLine(line, maxBytes, out);
        }
        return List.copyOf(out);
    }

    /** The lines of a body, empty ones left out. */
    static List<String> lines(String body) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                if (i > start) {
                    lines.add(body.substring(start, i));
                }
                if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < body.length()) {
            lines.add(body.substring(start));
        }
        return lines;
    }

    private static void splitLine(String line, int maxBytes, List<String> out) {
        String rest = line;
        while (utf8Length(rest) > maxBytes) {
            int cut = longestPrefix(rest, maxBytes);
            // A space right after the longest piece is as good as one inside it.
            int space = rest.lastIndexOf(' ', cut);
            if (space > cut / 2) {
                out.add(rest.substring(0, space));
                rest = rest.substring(space + 1);
            } else {
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
        }
        if (!rest.isEmpty()) {
            out.add(rest);
        }
    }

    /** The end index (in chars) of the longest code-point prefix of {@code s} with at most {@code max} bytes. */
    private static int longestPrefix(String s, int max) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = utf8Length(cp);
            if (bytes + len > max) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int utf8Length(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }

    /** A lone surrogate cannot be encoded; it becomes U+FFFD, which is what is then sent and reflected. */
    static String replaceLoneSurrogates(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
