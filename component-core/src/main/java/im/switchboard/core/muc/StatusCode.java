package im.switchboard.core.muc;

/** The XEP-0045 status codes the gateway sends (section 15.6.2, the status code registry). */
public enum StatusCode {
    /** The room is non-anonymous: every occupant may see the others' addresses (section 7.2.3). */
    NON_ANONYMOUS(100),
    /** This presence is about the recipient (every self-presence, section 7.2.3). */
    SELF(110),
    /** The service assigned or changed the recipient's nick (sections 7.2.3 and 7.6). */
    NICK_ASSIGNED(210),
    /** The occupant was banned (section 9.1). */
    BANNED(301),
    /** The occupant changed nick; the item carries the new one (section 7.6). */
    NEW_NICK(303),
    /** The occupant was kicked (section 8.2). */
    KICKED(307),
    /** The occupant was removed because the gateway is shutting down (section 15.6.2). */
    SHUTDOWN(332),
    /** The occupant was removed for a technical reason: the legacy connection was lost (section 11.1). */
    TECHNICAL_REMOVAL(333);

    private final int code;

    StatusCode(int code) {
        this.code = code;
    }

    /** The number in the {@code code} attribute. */
    public int code() {
        return code;
    }
}
