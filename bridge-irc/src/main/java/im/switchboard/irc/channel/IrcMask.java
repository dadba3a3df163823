package im.switchboard.irc.channel;

/**
 * IRC wildcard masks ({@code nick!user@host} with {@code *} for any run and {@code ?} for one character), as in
 * bans (Modern IRC, "Wildcard expressions"). Extended bans ({@code $a:account}, {@code ~a:...}) are not masks and
 * never match here.
 */
public final class IrcMask {

    private IrcMask() {
    }

    /** Whether {@code mask} matches {@code target}, both compared under {@code mapping}. */
    public static boolean matches(String mask, String target, IrcCaseMapping mapping) {
        if (mask.startsWith("$") || (mask.length() > 2 && mask.charAt(0) == '~' && mask.charAt(2) == ':')) {
            return false;
        }
        return glob(mapping.fold(mask), mapping.fold(target));
    }

    /** Iterative glob match with backtracking to the last star: linear in practice, no recursion. */
    private static boolean glob(String p, String s) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
