package im.switchboard.core.error;

import java.util.Objects;
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
        return new StanzaError(condition, condition.getDefaultType(), "");
    }

    /** An error with the condition's default type and a text. */
    public static StanzaError of(PacketError.Condition condition, String text) {
        return new StanzaError(condition, condition.getDefaultType(), text);
    }

    /** The Tinder element. */
    public PacketError toPacketError() {
        return text.isEmpty() ? new PacketError(condition, type) : new PacketError(condition, type, text);
    }
}
