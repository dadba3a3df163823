package im.switchboard.core.spi;

import java.util.Objects;

/**
 * A text message from the user to a legacy contact.
 *
 * @param id               the XMPP stanza id, or an empty string when the stanza had none
 * @param to               the legacy recipient
 * @param body             the text, never null
 * @param receiptRequested whether the user asked for a delivery receipt (XEP-0184)
 */
public record OutgoingMessage(String id, LegacyAddress to, String body, boolean receiptRequested) {

    public OutgoingMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
    }
}
