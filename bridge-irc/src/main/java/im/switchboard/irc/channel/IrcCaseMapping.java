package im.switchboard.irc.channel;

import java.util.Locale;

/**
 * How a server compares nicknames and channel names: its {@code CASEMAPPING} ISUPPORT token (Modern IRC,
 * "CASEMAPPING Parameter"). Names are compared by their {@link #fold(String) folded} form; the display form the
 * server sent is kept for people.
 *
 * <p>The mapping matters for threat I8: folding more than the server does would merge two different IRC users
 * into one occupant (under {@code ascii}, {@code a[} and {@code a{} are two people), folding less would split
 * one user in two.
 */
public enum IrcCaseMapping {
    /** {@code ascii}: only A-Z are folded to a-z. */
    ASCII,
    /** {@code rfc1459} (the default when a server announces none): also {@code []\~} fold to <code>{}|^</code>. */
    RFC1459,
    /** {@code rfc1459-strict}: like rfc1459 but {@code ~} and {@code ^} stay different. */
    RFC1459_STRICT,
    /** {@code rfc7613} (PRECIS): Unicode lower case, our closest approximation. */
    RFC7613;

    /** The mapping a {@code CASEMAPPING} token names; unknown or missing tokens give the rfc1459 default. */
    public static IrcCaseMapping fromToken(String token) {
        if (token == null) {
            return RFC1459;
        }
        return switch (token.toLowerCase(Locale.ROOT)) {
            case "ascii" -> ASCII;
            case "rfc1459-strict", "strict-rfc1459" -> RFC1459_STRICT;
            case "rfc7613", "precis" -> RFC7613;
            default -> RFC1459;
        };
    }

    /** The comparison form of {@code name}. */
    public String fold(String name) {
        if (this == RFC7613) {
            return name.toLowerCase(Locale.ROOT);
        }
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char f = foldChar(c);
            if (f != c && out == null) {
                out = new StringBuilder(name.length()).append(name, 0, i);
            }
            if (out != null) {
                out.append(f);
            }
        }
        return out == null ? name : out.toString();
    }

    /** Whether two names are the same under this mapping. */
    public boolean same(String a, String b) {
        return fold(a).equals(fold(b));
    }

    private char foldChar(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        if (this == ASCII) {
            return c;
        }
        return switch (c) {
            case '[' -> '{';
            case ']' -> '}';
            case '\\' -> '|';
            case '~' -> this == RFC1459 ? '^' : c;
            default -> c;
        };
    }
}
