package im.switchboard.core.error;

import java.util.Objects;
import org.dom4j.Attribute;
import org.xmpp.packet.PacketError;

/**
 * A stanza error as data (RFC 6120 section 8.3.2): condition, type and an optional human-readable text.
 *
 * @param condition the defined condition
 * @param type      the error type ({@code cancel}, {@code wait}, {@code modify}, {@code auth})
 * @param text      the text for a person, or empty for none
 */
public record StanzaError(PacketError.Condition condition, PacketError.Type type, String text) {

    public StanzaError {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }

    /** An error with the condition's default type (RFC 6120 section 8.3.3) and no text. */
    public static StanzaError of(PacketError.Condition condition) {
        return of(condition, "");
    }

    /** An error with the condition's default type and a text. */
    public static StanzaError of(PacketError.Condition condition, String text) {
        return new StanzaError(condition, defaultType(condition), text);
    }

    /**
     * The type RFC 6120 section 8.3.3 shows for a condition. Tinder's defaults follow RFC 3920, which differs for
     * {@code internal-server-error}: RFC 6120 section 8.3.3.6 uses {@code cancel}.
     */
    public static PacketError.Type defaultType(PacketError.Condition condition) {
        return condition == PacketError.Condition.internal_server_error
                ? PacketError.Type.cancel : condition.getDefaultType();
    }

    /** The Tinder element, without the legacy {@code code} attribute (XEP-0086 is deprecated; RFC 6120 has none). */
    public PacketError toPacketError() {
        PacketError error = text.isEmpty() ? new PacketError(condition, type) : new PacketError(condition, type, text);
        Attribute code = error.getElement().attribute("code");
        if (code != null) {
            error.getElement().remove(code);
        }
        return error;
    }
}
