package im.switchboard.core.spi;

/** An occupant's role in a room (XEP-0045 section 5.1): what they may do in the room right now. */
public enum Role {
    /** May kick and change roles (IRC: ~, &amp;, @ and % prefixes). */
    MODERATOR,
    /** May speak (IRC: + prefix, or no prefix in an unmoderated channel). */
    PARTICIPANT,
    /** Present but may not speak (IRC: no prefix in a +m channel). */
    VISITOR
}
