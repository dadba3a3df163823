package im.switchboard.core.spi;

/** An occupant's long-lived standing in a room (XEP-0045 section 5.2). */
public enum Affiliation {
    /** IRC: the ~ (founder) prefix. */
    OWNER,
    /** IRC: the &amp; and @ prefixes. */
    ADMIN,
    /** IRC: the % and + prefixes. */
    MEMBER,
    /** No standing. */
    NONE,
    /** Banned. */
    OUTCAST
}
