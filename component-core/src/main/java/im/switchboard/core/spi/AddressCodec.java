package im.switchboard.core.spi;

import java.util.Optional;

/**
 * Converts between JID local parts on the bridge's component domain and typed legacy addresses.
 * Implementations are pure (no I/O) and thread-safe, and {@code decode(encode(a)).equals(a)} holds for every
 * address they produce.
 */
public interface AddressCodec {

    /**
     * Parse a JID local part, exactly as it appears in the JID (the codec owns any XEP-0106 escaping).
     *
     * @throws InvalidAddressException with a text for the user when the local part names no legacy entity
     */
    LegacyAddress decode(String localPart) throws InvalidAddressException;

    /** Print an address as a JID local part. */
    String encode(LegacyAddress address);

    /**
     * The prompt of XEP-0100 section 6.3 (jabber:iq:gateway): what the user is asked to type to add a contact,
     * for example "Phone number".
     */
    default String inputPrompt() {
        return "Address";
    }

    /** The longer description of XEP-0100 section 6.3, for example "Enter the phone number in E.164 format". */
    default String inputDescription() {
        return "Enter the contact's address on the legacy network.";
    }

    /**
     * Parse an address as a person typed it (XEP-0100 section 6.3), which may be looser than a local part:
     * {@code +1 (555) 123-4567}, {@code alice@example.com}, {@code #channel on irc.libera.chat}.
     *
     * @throws InvalidAddressException with a text for the user when the input names no legacy entity
     */
    default LegacyAddress parseUserInput(String text) throws InvalidAddressException {
        return decode(text.strip());
    }

    /**
     * The legacy contact behind an occupant of a room, if the network has one: where a private message to
     * {@code room@domain/nick} (XEP-0045 section 7.5) goes. On IRC, every occupant is a user of the room's
     * server. Empty when private messages to occupants are impossible.
     */
    default Optional<LegacyAddress> occupantContact(LegacyAddress room, String nick) {
        return Optional.empty();
    }
}
