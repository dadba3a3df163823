package im.switchboard.irc.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Message to line, sanitizing (threat I1: a line break in a parameter would start a second, attacker-chosen
 * command).
 *
 * <p>The policy, per part:
 * <ul>
 *   <li><b>Last parameter</b> (free text: bodies, topics, reasons, realname): <em>replaced</em>. CR LF, CR, LF,
 *       NEL, U+2028 and U+2029 become one space each (CR LF counts once), NUL is removed. Callers that want one
 *       message per line split first ({@code IrcTextSplitter}); this is the last guard. It gets a {@code :} when
 *       it is empty, holds a space or starts with {@code :} (Modern IRC, "Parameters").</li>
 *   <li><b>Middle parameters</b> (targets, nicks, keys, modes), the command, tag keys and the source:
 *       <em>rejected</em> with {@link IrcWriteException} when they are empty, hold a space, CR, LF or NUL, or a
 *       middle one starts with {@code :}; a replaced nick or channel would address someone else.</li>
 *   <li><b>Tag values</b>: escaped as IRCv3 Message Tags says, so they may hold anything but NUL (removed).</li>
 *   <li><b>Length</b>: the line without tags must fit 512 bytes with its CR LF, the tags 4096 bytes with
 *       {@code @} and space (Message Tags, "Size limit": 4094 bytes of tag data from a client); longer is
 *       rejected: split before writing.</li>
 * </ul>
 * The returned {@link IrcLine#sent()} is what the server will see, so the XMPP side can reflect exactly that.
 */
public final class IrcMessageWriter {

    /** Modern IRC, "Message Format": 512 bytes including CR LF, not counting tags. */
    public static final int MAX_LINE_BYTES = 512;
    /** IRCv3 Message Tags: the tag part, with its {@code @} and trailing space, for client-sent tags. */
    public static final int MAX_TAG_BYTES = 4096;

    private static final Pattern TAG_KEY = Pattern.compile("\\+?([A-Za-z0-9.-]+/)?[A-Za-z0-9-]+");

    private IrcMessageWriter() {
    }

    /**
     * Writes {@code message}.
     *
     * @throws IrcWriteException if a part other than the last parameter cannot be sent as it is, or the line is
     *                           too long
     */
    public static IrcLine write(IrcMessage message) {
        if (!IrcMessageParser.isCommand(message.command())) {
            throw new IrcWriteException("not an IRC command: " + visible(message.command()));
        }
        List<String> params = new ArrayList<>(message.params());
        if (!params.isEmpty()) {
            int last = params.size() - 1;
            params.set(last, sanitizeTrailing(params.get(last)));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        message.tags().forEach((k, v) -> tags.put(checkTagKey(k), v.replace("\0", "")));
        message.source().ifPresent(s -> checkWord(s.raw(), "source"));

        StringBuilder body = new StringBuilder();
        message.source().ifPresent(s -> body.append(':').append(s.raw()).append(' '));
        body.append(message.command());
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            body.append(' ');
            if (i == params.size() - 1) {
                if (p.isEmpty() || p.indexOf(' ') >= 0 || p.startsWith(":")) {
                    body.append(':');
                }
            } else {
                checkWord(p, "parameter " + (i + 1));
                if (p.startsWith(":")) {
                    throw new IrcWriteException("parameter " + (i + 1) + " starts with ':'");
                }
            }
            body.append(p);
        }
        int bodyBytes = utf8Length(body) + 2;
        if (bodyBytes > MAX_LINE_BYTES) {
            throw new IrcWriteException("the line is " + bodyBytes + " bytes, more than " + MAX_LINE_BYTES);
        }
        String tagPart = tagPart(tags);
        if (utf8Length(tagPart) > MAX_TAG_BYTES) {
            throw new IrcWriteException("the tags are longer than " + MAX_TAG_BYTES + " bytes");
        }
        IrcMessage sent = new IrcMessage(tags, message.source(), message.command(), params);
        return new IrcLine(tagPart + body, sent);
    }

    /** What the last parameter becomes on the wire (the replacement policy above). */
    public static String sanitizeTrailing(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\0' -> {
                    // NUL is removed: it ends the line for some servers and has no visible form.
                }
                case '\r' -> {
                    out.append(' ');
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                case '\n', '\u0085', '\u2028', '\u2029' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** IRCv3 Message Tags, "Escaping values": the inverse of the parser's unescaping. */
    static String escapeTagValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case ';' -> out.append("\\:");
                case ' ' -> out.append("\\s");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String tagPart(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("@");
        tags.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(';');
            }
            out.append(k);
            if (!v.isEmpty()) {
                out.append('=').append(escapeTagValue(v));
            }
        });
        return out.append(' ').toString();
    }

    private static String checkTagKey(String key) {
        if (!TAG_KEY.matcher(key).matches()) {
            throw new IrcWriteException("not a tag key: " + visible(key));
        }
        return key;
    }

    private static void checkWord(String word, String what) {
        if (word.isEmpty()) {
            throw new IrcWriteException(what + " is empty");
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == ' ' || c == '\r' || c == '\n' || c == '\0' || c == '\u0085' || c == '\u2028'
                    || c == '\u2029') {
                throw new IrcWriteException(what + " contains " + (c == ' ' ? "a space" : "a line break or NUL")
                        + ": " + visible(word));
            }
        }
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }

    static int utf8Length(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
