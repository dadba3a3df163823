package im.switchboard.core.spi;

/** What a bridge supports beyond plain one-to-one text messages. The core turns each into disco features. */
public enum Capability {
    /** Typing notifications both ways (XEP-0085). */
    CHAT_STATES,
    /** The legacy network confirms delivery; the core answers XEP-0184 receipt requests with it. */
    DELIVERY_RECEIPTS,
    /** Legacy rooms appear as XEP-0045 multi-user chat rooms. */
    ROOMS,
    /** The rooms of a legacy service can be listed (disco#items with XEP-0059 paging). */
    ROOM_LIST,
    /**
     * Room owners can read and change the room's configuration (XEP-0045 section 10.2 with the
     * {@code muc#roomconfig} form) and admins can read the ban list (section 9.2); the bridge implements
     * {@link LegacySession#roomConfiguration}, {@link LegacySession#configureRoom} and {@link LegacySession#banList}.
     */
    ROOM_CONFIG
}
