package im.switchboard.core.spi;

/** Why the network refused to let the user into a room; the core maps each to the error of XEP-0045 7.2. */
public enum RoomJoinFailure {
    /** The nick is taken (section 7.2.9, {@code conflict}). */
    NICK_IN_USE,
    /** The user is banned (section 7.2.7, {@code forbidden}). */
    BANNED,
    /** The room needs an invitation (section 7.2.8, {@code registration-required}). */
    INVITE_ONLY,
    /** The room is full (section 7.2.10, {@code service-unavailable}). */
    FULL,
    /** A password (channel key) is needed or was wrong (section 7.2.6, {@code not-authorized}). */
    BAD_PASSWORD,
    /** The room does not exist and cannot be created (section 7.2.11, {@code item-not-found}). */
    NOT_FOUND,
    /** The nick or room name is not acceptable to the network ({@code not-acceptable}). */
    NOT_ACCEPTABLE,
    /** The legacy connection failed or went away ({@code remote-server-not-found}). */
    NOT_CONNECTED,
    /**
     * The network did not answer the join in time ({@code remote-server-timeout}); a late answer may still put the
     * user in the room, which the core then honours.
     */
    TIMED_OUT
}
