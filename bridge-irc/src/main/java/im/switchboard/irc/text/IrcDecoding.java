package im.switchboard.irc.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Line bytes to text (threat X6).
 *
 * <p>IRC has no declared encoding (Modern IRC, "Character Encodings": UTF-8 is recommended, older clients send
 * Latin-1 or CP1252). Each line is decoded as strict UTF-8 and, when that fails, as a whole with the fallback
 * charset (unmappable bytes become U+FFFD). A line is the unit: one old client in a channel does not spoil the
 * others' lines.
 *
 * <p>Use {@link #decodeRaw(byte[])} for text that still goes through the parser, {@code CtcpCodec} and
 * {@link IrcFormatting} (it keeps the control codes they need), then {@link #xmlSafe(String)} on what reaches
 * XMPP; {@link #decode(byte[])} does both steps at once for text that needs no interpretation.
 */
public final class IrcDecoding {

    private final Charset fallback;

    /** Decoding with the windows-1252 fallback (Latin-1 plus typographic quotes, what old Windows clients send). */
    public IrcDecoding() {
        this(Charset.forName("windows-1252"));
    }

    public IrcDecoding(Charset fallback) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** The fallback charset. */
    public Charset fallback() {
        return fallback;
    }

    /** The line as text, control codes kept; never throws. */
    public String decodeRaw(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            // Not UTF-8: the whole line is in the legacy charset.
            return new String(line, fallback);
        }
    }

    /** The line as text XML 1.0 can carry. */
    public String decode(byte[] line) {
        return xmlSafe(decodeRaw(line));
    }

    /**
     * {@code text} without the characters XML 1.0 section 2.2 forbids: {@code Char ::= #x9 | #xA | #xD |
     * [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]}; so C0 controls (IRC formatting codes, CTCP's 0x01),
     * U+FFFE, U+FFFF and lone surrogates are removed.
     */
    public static String xmlSafe(String text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int width = 1;
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 2;
                ok = true;
            } else {
                ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!ok && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (ok && out != null) {
                out.append(text, i, i + width);
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }
}
