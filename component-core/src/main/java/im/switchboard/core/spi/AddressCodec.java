package im.switchboard.core.spi;

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
}
