package im.switchboard.core.stanza;

/** What the link needs to know about an outbound stanza to queue it (THREATS X8, X9). */
public enum StanzaKind {
    /** A message: stamped with an XEP-0203 delay when it waited for a reconnect. */
    MESSAGE,
    /** A presence. */
    PRESENCE,
    /** An IQ get or set. */
    IQ_REQUEST,
    /** An IQ result or error: answers a request of one stream, meaningless on the next one. */
    IQ_RESPONSE
}
