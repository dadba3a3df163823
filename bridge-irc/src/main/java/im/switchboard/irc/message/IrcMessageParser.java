package im.switchboard.irc.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Line to message, a pure function.
 *
 * <p>Grammar (Modern IRC, "Message Format"):
 * {@code ['@' tags SPACE] [':' source SPACE] command *(SPACE param) [SPACE ':' trailing]}. It is tolerant where
 * servers are sloppy: runs of spaces between parts, a missing trailing parameter, a final CR/LF. It returns
 * {@link IrcParseResult.Malformed} for what is not a message (empty line, no command, a command that is neither a
 * word nor three digits, NUL or a bare CR/LF inside the line) and never throws (I7).
 */
public final class IrcMessageParser {

    private IrcMessageParser() {
    }

    /** Parses one line, with or without its CR LF. */
    public static IrcParseResult parse(String line) {
        if (line == null) {
            return new IrcParseResult.Malformed("", "no line");
        }
        try {
            return parseLine(line);
        } catch (RuntimeException e) {
            // Defence in depth (I7): a bug here must cost one line, not the connection.
            return new IrcParseResult.Malformed(line, "parser error: " + e);
        }
    }

    private static IrcParseResult parseLine(String original) {
        String line = stripLineEnding(original);
        if (line.indexOf('\0') >= 0) {
            return new IrcParseResult.Malformed(original, "the line contains NUL");
        }
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            return new IrcParseResult.Malformed(original, "the line contains CR or LF");
        }
        int pos = skipSpaces(line, 0);
        if (pos == line.length()) {
            return new IrcParseResult.Malformed(original, "empty line");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (line.charAt(pos) == '@') {
            int end = wordEnd(line, pos);
            parseTags(line.substring(pos + 1, end), tags);
            pos = skipSpaces(line, end);
        }
        Optional<IrcSource> source = Optional.empty();
        if (pos < line.length() && line.charAt(pos) == ':') {
            int end = wordEnd(line, pos);
            if (end == pos + 1) {
                return new IrcParseResult.Malformed(original, "empty source");
            }
            source = Optional.of(IrcSource.parse(line.substring(pos + 1, end)));
            pos = skipSpaces(line, end);
        }
        if (pos == line.length()) {
            return new IrcParseResult.Malformed(original, "no command");
        }
        int commandEnd = wordEnd(line, pos);
        String command = line.substring(pos, commandEnd);
        if (!isCommand(command)) {
            return new IrcParseResult.Malformed(original, "not a command: " + command);
        }
        List<String> params = new ArrayList<>();
        pos = skipSpaces(line, commandEnd);
        while (pos < line.length()) {
            if (line.charAt(pos) == ':') {
                params.add(line.substring(pos + 1));
                break;
            }
            int end = wordEnd(line, pos);
            params.add(line.substring(pos, end));
            pos = skipSpaces(line, end);
        }
        return new IrcParseResult.Parsed(new IrcMessage(tags, source, command, params));
    }

    /** Tags: {@code key[=value]} separated by {@code ;}; empty entries are skipped, the last duplicate wins. */
    private static void parseTags(String raw, Map<String, String> tags) {
        for (String tag : raw.split(";")) {
            if (tag.isEmpty()) {
                continue;
            }
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (key.isEmpty()) {
                continue;
            }
            tags.remove(key);
            tags.put(key, eq < 0 ? "" : unescapeTagValue(tag.substring(eq + 1)));
        }
    }

    /**
     * IRCv3 Message Tags, "Escaping values": {@code \:} is {@code ;}, {@code \s} space, {@code \\} backslash,
     * {@code \r} CR, {@code \n} LF; any other escaped character stands for itself and a final lone backslash
     * is dropped.
     */
    static String unescapeTagValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == value.length()) {
                break;
            }
            char e = value.charAt(i);
            out.append(switch (e) {
                case ':' -> ';';
                case 's' -> ' ';
                case 'r' -> '\r';
                case 'n' -> '\n';
                default -> e;
            });
        }
        return out.toString();
    }

    static boolean isCommand(String word) {
        if (word.length() == 3 && word.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return !word.isEmpty() && word.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    }

    private static String stripLineEnding(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static int skipSpaces(String line, int pos) {
        while (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    private static int wordEnd(String line, int pos) {
        int space = line.indexOf(' ', pos);
        return space < 0 ? line.length() : space;
    }
}
