package im.switchboard.irc.ctcp;

import java.util.Locale;
import java.util.Set;

/** CTCP both ways (threat I3). Pure. */
public final class CtcpCodec {

    /** The CTCP delimiter. */
    public static final char DELIM = 0x01;
    /** Bytes an ACTION adds around its text: {@code \x01ACTION } and the final {@code \x01}. */
    public static final int ACTION_OVERHEAD = 9;
    /** The replies the gateway may send (ctcp.md, "Message Types"); never DCC. */
    public static final Set<String> REPLIES = Set.of("VERSION", "PING", "TIME", "CLIENTINFO", "SOURCE");

    private static final String ME = "/me ";

    private CtcpCodec() {
    }

    /** Reads the text of a PRIVMSG or NOTICE. */
    public static CtcpMessage decode(String text) {
        if (text.isEmpty() || text.charAt(0) != DELIM) {
            return new CtcpMessage.Plain(strip(text));
        }
        int end = text.indexOf(DELIM, 1);
        String inner = end < 0 ? text.substring(1) : text.substring(1, end);
        int space = inner.indexOf(' ');
        String command = (space < 0 ? inner : inner.substring(0, space)).toUpperCase(Locale.ROOT);
        String params = space < 0 ? "" : inner.substring(space + 1);
        if (command.isEmpty()) {
            return new CtcpMessage.Plain(strip(params));
        }
        if (command.equals("ACTION")) {
            return new CtcpMessage.Action(strip(params));
        }
        return new CtcpMessage.Query(command, strip(params));
    }

    /**
     * Turns what the XMPP user wrote into the text to send: {@code /me waves} becomes an ACTION, anything else
     * is sent as it is with {@code \x01} removed, so the user cannot send a CTCP query (or a DCC offer).
     */
    public static String fromUser(String body) {
        if (body.startsWith(ME)) {
            return action(body.substring(ME.length()));
        }
        return strip(body);
    }

    /** Whether {@code body} is a {@code /me} command. */
    public static boolean isMe(String body) {
        return body.startsWith(ME);
    }

    /** The text of {@code /me text} without the command, to be split before {@link #action(String)}. */
    public static String meText(String body) {
        if (!isMe(body)) {
            throw new IllegalArgumentException("not a /me command");
        }
        return body.substring(ME.length());
    }

    /** {@code \x01ACTION text\x01}, stray delimiters in {@code text} removed. */
    public static String action(String text) {
        return DELIM + "ACTION " + strip(text) + DELIM;
    }

    /**
     * A CTCP reply, to be sent in a NOTICE (ctcp.md, "Message Syntax").
     *
     * @throws IllegalArgumentException for a command outside {@link #REPLIES} (DCC in particular)
     */
    public static String reply(String command, String params) {
        String upper = command.toUpperCase(Locale.ROOT);
        if (!REPLIES.contains(upper)) {
            throw new IllegalArgumentException("the gateway does not send CTCP " + upper);
        }
        String p = strip(params);
        return DELIM + upper + (p.isEmpty() ? "" : " " + p) + DELIM;
    }

    /** {@code text} without {@code \x01}. */
    public static String strip(String text) {
        return text.indexOf(DELIM) < 0 ? text : text.replace(String.valueOf(DELIM), "");
    }
}
