package im.switchboard.core.stanza;

/**
 * The characters XML 1.0 can carry (XML 1.0 section 2.2, production [2] Char):
 * {@code #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]}.
 *
 * <p>Legacy networks send anything: IRC control codes, lone surrogates from broken encoders, U+FFFE.
 * Text bound for XMPP is passed through {@link #strip(String)} (THREATS X6); the link's outbound validator
 * uses {@link #isLegal(String)} as the last line of defence (THREATS X1).
 */
public final class XmlChars {

    private XmlChars() {
    }

    /** Whether the code point may appear in an XML 1.0 document. */
    public static boolean isLegal(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || codePoint >= 0x20 && codePoint <= 0xD7FF
                || codePoint >= 0xE000 && codePoint <= 0xFFFD
                || codePoint >= 0x10000 && codePoint <= 0x10FFFF;
    }

    /** Whether every character of {@code text} is legal XML 1.0 and every surrogate is paired. */
    public static boolean isLegal(String text) {
        return firstIllegalIndex(text) < 0;
    }

    /** The UTF-16 index of the first illegal character or unpaired surrogate, or -1. */
    public static int firstIllegalIndex(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                i++;
                continue;
            }
            int cp = text.codePointAt(i);
            // codePointAt returns a lone surrogate as itself; those fall outside every legal range.
            if (!isLegal(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** {@code text} without the characters XML 1.0 cannot carry; the same instance when nothing is removed. */
    public static String strip(String text) {
        int first = firstIllegalIndex(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, first);
        int i = first;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (isLegal(cp)) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
