package im.switchboard.irc.session;

import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.ctcp.CtcpCodec;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.text.IrcTextSplitter;
import java.util.ArrayList;
import java.util.List;

/**
 * XMPP text to IRC lines (THREATS I1, I2, I3).
 *
 * <p>A body becomes one PRIVMSG per line (line breaks never reach the wire); a line that starts with
 * {@code /me } becomes a CTCP ACTION, and {@code \x01} is removed from everything else, so user text can never
 * carry another CTCP query or a DCC offer. Each line is split so that it fits 512 bytes <em>as the server relays
 * it</em>, with our worst-case prefix {@code :nick!user@host } in front (Modern IRC, "Message Format"): the user
 * and host lengths come from ISUPPORT {@code USERLEN}/{@code HOSTLEN} when the server announces them.
 */
final class OutboundText {

    /** USERLEN when the server does not say (ircd-hybrid and solanum use 10). */
    static final int DEFAULT_USERLEN = 10;
    /** HOSTLEN when the server does not say (RFC 1035 label-based hosts, 63 on most servers). */
    static final int DEFAULT_HOSTLEN = 63;
    /** Topics and reasons are cut to this many bytes (TOPICLEN and KICKLEN are 300 to 390 on common servers). */
    static final int MAX_ONE_LINE_BYTES = 300;

    private OutboundText() {
    }

    /** The PRIVMSGs that carry {@code body} to {@code target}, in order; none for a body of only blanks. */
    static List<IrcMessage> privmsgs(String target, String body, IrcConnection connection) {
        int prefix = relayPrefixBytes(connection.nick(), connection.features());
        int budget = IrcTextSplitter.textBudget("PRIVMSG", target, prefix, 0);
        List<IrcMessage> out = new ArrayList<>();
        for (String line : lines(body)) {
            if (CtcpCodec.isMe(line)) {
                String text = CtcpCodec.strip(CtcpCodec.meText(line));
                for (String piece : IrcTextSplitter.split(text, budget - CtcpCodec.ACTION_OVERHEAD)) {
                    out.add(IrcMessage.of("PRIVMSG", target, CtcpCodec.action(piece)));
                }
            } else {
                for (String piece : IrcTextSplitter.split(CtcpCodec.strip(line), budget)) {
                    out.add(IrcMessage.of("PRIVMSG", target, piece));
                }
            }
        }
        return out;
    }

    /** The lines of a body, empty ones dropped, NUL removed, lone surrogates replaced. */
    static List<String> lines(String body) {
        return IrcTextSplitter.split(body, Integer.MAX_VALUE);
    }

    /** Free text for a single parameter (topic, reason): lines joined by a space, cut to fit. */
    static String oneLine(String text) {
        String joined = String.join(" ", lines(CtcpCodec.strip(text)));
        List<String> pieces = IrcTextSplitter.split(joined, MAX_ONE_LINE_BYTES);
        return pieces.isEmpty() ? "" : pieces.get(0);
    }

    /** Our worst-case relay prefix on this server (THREATS I2). */
    static int relayPrefixBytes(String nick, ServerFeatures features) {
        int userLen = token(features, "USERLEN", DEFAULT_USERLEN) + 1; // + 1: the '~' of an unverified ident
        int hostLen = token(features, "HOSTLEN", DEFAULT_HOSTLEN);
        return IrcTextSplitter.relayPrefixBytes(nick, userLen, hostLen);
    }

    private static int token(ServerFeatures features, String name, int fallback) {
        try {
            int value = Integer.parseInt(features.token(name, String.valueOf(fallback)).strip());
            return value < 1 || value > 255 ? fallback : value;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
