package im.switchboard.core.spi;

/**
 * A typed address on a legacy network (an IRC nick on a server, a mail address, an E.164 number).
 * Each bridge implements it with its own records; only the bridge's {@link AddressCodec} converts it to and
 * from a JID local part.
 */
public interface LegacyAddress {

    /** How the address is shown to a person, for example {@code alice@example.com}. */
    String display();

    /** Whether this address is a room (XEP-0045): the core then treats its JID as a MUC room. */
    default boolean isRoom() {
        return false;
    }
}
