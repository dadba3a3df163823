package im.switchboard.irc.channel;

import java.util.Objects;
import java.util.Optional;

/**
 * The channel membership prefixes a server uses: its {@code PREFIX} ISUPPORT token, {@code (modes)symbols}, highest
 * rank first (Modern IRC, "PREFIX Parameter" and "Channel Membership Prefixes"), for example {@code (qaohv)~&@%+}.
 *
 * @param modes   the mode letters, highest rank first
 * @param symbols the prefix symbols in the same order
 */
public record IrcPrefixes(String modes, String symbols) {

    /** The common prefixes, used when the server announces none (or an unreadable token). */
    public static final IrcPrefixes DEFAULT = new IrcPrefixes("qaohv", "~&@%+");

    public IrcPrefixes {
        Objects.requireNonNull(modes, "modes");
        Objects.requireNonNull(symbols, "symbols");
        if (modes.length() != symbols.length()) {
            throw new IllegalArgumentException("as many modes as symbols are needed");
        }
    }

    /**
     * Reads a {@code PREFIX} token value. A missing token gives {@link #DEFAULT}; an empty value means the server
     * has no prefixes at all; a malformed one gives {@link #DEFAULT}.
     */
    public static IrcPrefixes fromToken(String token) {
        if (token == null) {
            return DEFAULT;
        }
        if (token.isEmpty()) {
            return new IrcPrefixes("", "");
        }
        int close = token.indexOf(')');
        if (token.charAt(0) != '(' || close < 0) {
            return DEFAULT;
        }
        String m = token.substring(1, close);
        String s = token.substring(close + 1);
        return m.length() == s.length() ? new IrcPrefixes(m, s) : DEFAULT;
    }

    /** Whether {@code mode} is a membership mode (it takes a nick as parameter). */
    public boolean isPrefixMode(char mode) {
        return modes.indexOf(mode) >= 0;
    }

    /** Whether {@code symbol} is a membership prefix symbol. */
    public boolean isSymbol(char symbol) {
        return symbols.indexOf(symbol) >= 0;
    }

    /** The mode letter of prefix {@code symbol}. */
    public Optional<Character> modeOf(char symbol) {
        int i = symbols.indexOf(symbol);
        return i < 0 ? Optional.empty() : Optional.of(modes.charAt(i));
    }

    /** The rank of {@code mode}: 0 is the highest; {@link Integer#MAX_VALUE} for a mode that is not a prefix. */
    public int rank(char mode) {
        int i = modes.indexOf(mode);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
