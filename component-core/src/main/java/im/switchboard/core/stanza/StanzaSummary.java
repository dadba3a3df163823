package im.switchboard.core.stanza;

/**
 * What a log line may say about a stanza: element name, type, id and to, never the body. Built for every
 * stanza written (a drop may need it later) but formatted only when a log line prints it.
 *
 * @param name the element name ({@code message}, {@code presence}, {@code iq})
 * @param type the {@code type} attribute, or null
 * @param id the {@code id} attribute, or null
 * @param to the {@code to} attribute, or null
 */
public record StanzaSummary(String name, String type, String id, String to) {

    private static final int MAX_SHOWN = 80;

    @Override
    public String toString() {
        return printable(name) + " type=" + printable(type) + " id=" + printable(id) + " to=" + printable(to);
    }

    /** {@code value} safe for a log line: no control or XML-illegal characters, at most 80 characters. */
    static String printable(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder clean = new StringBuilder(Math.min(value.length(), MAX_SHOWN));
        XmlChars.strip(value).codePoints().limit(MAX_SHOWN)
                .forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return value.length() > MAX_SHOWN ? clean + "..." : clean.toString();
    }
}
