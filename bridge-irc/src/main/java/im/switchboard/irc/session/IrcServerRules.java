package im.switchboard.irc.session;

import im.switchboard.irc.channel.IrcCaseMapping;
import im.switchboard.irc.channel.IrcChannelModes;
import im.switchboard.irc.channel.IrcPrefixes;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server's rules for names and modes, from its RPL_ISUPPORT tokens (Modern IRC, "Feature Advertisement"):
 * {@code CASEMAPPING}, {@code PREFIX}, {@code CHANMODES}, {@code CHANTYPES}, {@code STATUSMSG}; and its enabled
 * capabilities. Tokens come from the 005 lines the translator reads and, for what those did not say, from the
 * connection's {@link ServerFeatures} (which may lag behind or run ahead of the lines). Not thread-safe: used
 * under the translator's lock.
 */
final class IrcServerRules {

    /** Modern IRC, "CHANTYPES Parameter": what clients assume when the server does not say. */
    private static final String DEFAULT_CHANTYPES = "#&";

    private final Supplier<ServerFeatures> features;
    private final Map<String, String> seen = new HashMap<>();
    private ServerFeatures last;
    private IrcCaseMapping caseMapping = IrcCaseMapping.RFC1459;
    private IrcPrefixes prefixes = IrcPrefixes.DEFAULT;
    private IrcChannelModes channelModes = IrcChannelModes.DEFAULT;
    private String chanTypes = DEFAULT_CHANTYPES;
    private String statusMsg = IrcPrefixes.DEFAULT.symbols();

    IrcServerRules(Supplier<ServerFeatures> features) {
        this.features = Objects.requireNonNull(features, "features");
    }

    /** Re-reads the connection's record when it changed (it is replaced, not mutated, on every change). */
    void refresh() {
        ServerFeatures now = features.get();
        if (now != last) {
            last = now;
            derive();
        }
    }

    /** RPL_ISUPPORT {@code <client> <token>... :are supported}; {@code -TOKEN} withdraws one. */
    void isupport(IrcMessage m) {
        List<String> p = m.params();
        for (int i = 1; i < p.size() - 1; i++) {
            String token = p.get(i);
            if (token.startsWith("-")) {
                seen.put(token.substring(1), null);
                continue;
            }
            int eq = token.indexOf('=');
            seen.put(eq < 0 ? token : token.substring(0, eq), eq < 0 ? "" : token.substring(eq + 1));
        }
        derive();
    }

    /** Whether the IRCv3 capability {@code cap} is enabled now. */
    boolean has(String cap) {
        return features.get().has(cap);
    }

    /** Whether the server has IRCv3 WHOX ({@code WHOX} ISUPPORT token, with or without a value). */
    boolean whox() {
        return token("WHOX") != null;
    }

    IrcCaseMapping caseMapping() {
        return caseMapping;
    }

    IrcPrefixes prefixes() {
        return prefixes;
    }

    IrcChannelModes channelModes() {
        return channelModes;
    }

    /** Whether {@code name} starts with one of the server's channel types. */
    boolean isChannel(String name) {
        return !name.isEmpty() && chanTypes.indexOf(name.charAt(0)) >= 0;
    }

    /** {@code @#chan} (STATUSMSG: a message to the channel's ops) names {@code #chan}. */
    String stripStatusMsg(String target) {
        int i = 0;
        while (i < target.length() - 1 && statusMsg.indexOf(target.charAt(i)) >= 0) {
            i++;
        }
        return target.substring(i);
    }

    private void derive() {
        caseMapping = IrcCaseMapping.fromToken(token("CASEMAPPING"));
        prefixes = IrcPrefixes.fromToken(token("PREFIX"));
        channelModes = IrcChannelModes.fromToken(token("CHANMODES"));
        String types = token("CHANTYPES");
        chanTypes = types == null ? DEFAULT_CHANTYPES : types;
        // STATUSMSG has no default; servers that have it use their membership prefixes, so assume those.
        String status = token("STATUSMSG");
        statusMsg = status == null ? prefixes.symbols() : status;
    }

    /** A token from the 005 lines seen, else from the connection's record; null when announced by neither. */
    private String token(String name) {
        if (seen.containsKey(name)) {
            return seen.get(name);
        }
        return last == null ? null : last.isupport().get(name);
    }
}
