package im.switchboard.irc.connection;

/**
 * The nick to try after ERR_NICKNAMEINUSE (433), ERR_ERRONEUSNICKNAME (432), ERR_NICKCOLLISION (436) or
 * ERR_UNAVAILRESOURCE (437) during registration (Modern IRC, "NICK message": the server ignores the NICK and the
 * client must send another before registration can complete). A pure function of the wanted nick and the
 * attempt number, so the sequence is predictable and bounded.
 */
final class NickFallback {

    /** RFC 1459's NICKLEN: servers announce a longer one only in 005, which arrives after registration. */
    static final int SAFE_LENGTH = 9;

    private NickFallback() {
    }

    /**
     * The candidate for attempt {@code attempt} (1 for the first retry).
     *
     * @param wanted     the nick the user asked for
     * @param attempt    1, 2, ...
     * @param erroneous  whether the server said the last nick was not valid (432), as opposed to taken
     */
    static String candidate(String wanted, int attempt, boolean erroneous) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        String base = erroneous ? valid(wanted) : wanted;
        if (!erroneous && attempt <= 2) {
            // The habit of every client: append an underscore, then another.
            return base + "_".repeat(attempt);
        }
        // A suffix that also fits the smallest NICKLEN: a too-long nick is one reason for 432.
        String suffix = "_" + attempt;
        int keep = Math.max(1, SAFE_LENGTH - suffix.length());
        return (base.length() > keep ? base.substring(0, keep) : base) + suffix;
    }

    /**
     * The wanted nick with characters outside what every server accepts (Modern IRC, "NICK message": letters,
     * digits, {@code []{}\|} plus {@code ^_`-} from RFC 2812) replaced by {@code _}, never starting with a digit
     * or {@code -}.
     */
    static String valid(String nick) {
        StringBuilder out = new StringBuilder(nick.length());
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "[]{}\\|^_`-".indexOf(c) >= 0;
            out.append(ok ? c : '_');
        }
        if (out.isEmpty() || Character.isDigit(out.charAt(0)) || out.charAt(0) == '-') {
            out.insert(0, '_');
        }
        return out.toString();
    }
}
