package im.switchboard.irc.address;

/**
 * JID escaping of XEP-0106 section 4.2: the ten characters a local part cannot hold become {@code \xx} with the
 * lower-case hex code. We always escape the backslash too, so unescaping is the exact inverse.
 */
final class Xep0106 {

    private static final String CHARS = " \"&'/:<>@\\";
    private static final String[] CODES = {"20", "22", "26", "27", "2f", "3a", "3c", "3e", "40", "5c"};

    private Xep0106() {
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int k = CHARS.indexOf(c);
            if (k >= 0) {
                out.append('\\').append(CODES[k]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Undo {@link #escape}; a backslash not followed by one of the ten codes stays as it is (section 4.3). */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 <= s.length()) {
                int k = indexOfCode(s.substring(i + 1, i + 3));
                if (k >= 0) {
                    out.append(CHARS.charAt(k));
                    i += 3;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static int indexOfCode(String code) {
        for (int k = 0; k < CODES.length; k++) {
            if (CODES[k].equals(code)) {
                return k;
            }
        }
        return -1;
    }
}
