package im.switchboard.core.stanza;

/**
 * An outbound stanza that passed {@link OutboundValidator}: its bytes and what the queue needs to know.
 *
 * @param xml the stanza as UTF-8, ending with its end tag
 * @param kind message, presence, IQ request or IQ response
 * @param stampable whether an XEP-0203 delay may be added (a message without one)
 * @param summary type, id and to, for logs; never the body
 */
public record ValidStanza(byte[] xml, StanzaKind kind, boolean stampable, StanzaSummary summary) {
}
