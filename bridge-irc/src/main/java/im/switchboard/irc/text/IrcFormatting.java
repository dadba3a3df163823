package im.switchboard.irc.text;

import java.util.ArrayList;
import java.util.List;

/**
 * mIRC formatting codes (formatting.md, "Characters"): bold 0x02, italics 0x1D, underline 0x1F,
 * strikethrough 0x1E, monospace 0x11, reverse 0x16, reset 0x0F, colour 0x03 with optional {@code fg[,bg]} of one
 * or two digits each ("Color": two digits are always read when present), hex colour 0x04 with optional
 * {@code RRGGBB[,RRGGBB]}.
 *
 * <p>Two renderings: {@link #strip(String)} removes every code; {@link #toStyling(String)} maps bold, italics,
 * strikethrough and monospace to XEP-0393 message styling ({@code *bold*}, {@code _italic_}, {@code ~strike~},
 * {@code `mono`}) and removes the rest (XEP-0393 has no underline or colour). XEP-0393 section 5.2 only
 * recognises a span whose opening marker is not followed by whitespace and whose closing marker is not preceded
 * by it, so markers are moved inward past spaces, and an empty span gets no markers.
 */
public final class IrcFormatting {

    private static final char BOLD = 0x02;
    private static final char COLOR = 0x03;
    private static final char HEX_COLOR = 0x04;
    private static final char RESET = 0x0F;
    private static final char MONOSPACE = 0x11;
    private static final char REVERSE = 0x16;
    private static final char ITALICS = 0x1D;
    private static final char STRIKETHROUGH = 0x1E;
    private static final char UNDERLINE = 0x1F;

    private IrcFormatting() {
    }

    /** The text without any formatting code. */
    public static String strip(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int next = skipCode(text, i);
            if (next == i) {
                out.append(text.charAt(i));
                i++;
            } else {
                i = next;
            }
        }
        return out.toString();
    }

    /** The text with bold, italics, strikethrough and monospace as XEP-0393 markers, other codes removed. */
    public static String toStyling(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        List<Character> open = new ArrayList<>();
        List<Character> pending = new ArrayList<>();
        List<Integer> openedAt = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int next = skipCode(text, i);
            if (next == i) {
                if (!Character.isWhitespace(c)) {
                    for (char m : pending) {
                        out.append(m);
                        open.add(m);
                        openedAt.add(out.length());
                    }
                    pending.clear();
                }
                out.append(c);
                i++;
                continue;
            }
            char marker = marker(c);
            if (c == RESET) {
                closeFrom(0, out, open, openedAt);
                pending.clear();
            } else if (marker != 0) {
                if (pending.remove((Character) marker)) {
                    // Toggled off before any text: an empty span, no markers at all.
                    i = next;
                    continue;
                }
                int k = open.indexOf(marker);
                if (k < 0) {
                    pending.add(marker);
                } else {
                    // Spans nest: close the inner ones too and reopen them after this one.
                    List<Character> inner = new ArrayList<>(open.subList(k + 1, open.size()));
                    closeFrom(k, out, open, openedAt);
                    pending.addAll(0, inner);
                }
            }
            i = next;
        }
        closeFrom(0, out, open, openedAt);
        return out.toString();
    }

    private static void closeFrom(int k, StringBuilder out, List<Character> open, List<Integer> openedAt) {
        for (int j = open.size() - 1; j >= k; j--) {
            int end = out.length();
            while (end > openedAt.get(j) && Character.isWhitespace(out.charAt(end - 1))) {
                end--;
            }
            out.insert(end, open.get(j).charValue());
            open.remove(j);
            openedAt.remove(j);
        }
    }

    private static char marker(char code) {
        return switch (code) {
            case BOLD -> '*';
            case ITALICS -> '_';
            case STRIKETHROUGH -> '~';
            case MONOSPACE -> '`';
            default -> 0;
        };
    }

    /** The index after the formatting code at {@code i}, or {@code i} when there is none. */
    static int skipCode(String text, int i) {
        char c = text.charAt(i);
        switch (c) {
            case BOLD, RESET, MONOSPACE, REVERSE, ITALICS, STRIKETHROUGH, UNDERLINE -> {
                return i + 1;
            }
            case COLOR -> {
                int j = digits(text, i + 1);
                if (j > i + 1 && j + 1 < text.length() && text.charAt(j) == ','
                        && isDigit(text.charAt(j + 1))) {
                    j = digits(text, j + 1);
                }
                return j;
            }
            case HEX_COLOR -> {
                int j = i + 1;
                if (isHex6(text, j)) {
                    j += 6;
                    if (j < text.length() && text.charAt(j) == ',' && isHex6(text, j + 1)) {
                        j += 7;
                    }
                }
                return j;
            }
            default -> {
                return i;
            }
        }
    }

    /** Up to two digits from {@code from}. */
    private static int digits(String text, int from) {
        int j = from;
        while (j < text.length() && j < from + 2 && isDigit(text.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean isHex6(String text, int from) {
        if (from + 6 > text.length()) {
            return false;
        }
        for (int j = from; j < from + 6; j++) {
            if (Character.digit(text.charAt(j), 16) < 0 || text.charAt(j) > 'f') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
