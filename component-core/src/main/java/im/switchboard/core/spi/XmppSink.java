package im.switchboard.core.spi;

/**
 * Legacy events, reported by a session as past-tense facts. Implemented by the core.
 *
 * <p>Thread-safe: legacy I/O threads call it directly. Calls made from one thread are delivered to the user
 * in that order. A call may block briefly when the user's outbound queue is full (backpressure towards the
 * legacy socket); it never drops silently.
 */
public interface XmppSink {

    /** A legacy contact sent the user a message. */
    void messageReceived(IncomingMessage message);

    /** A legacy contact's typing state changed (XEP-0085). */
    void chatStateChanged(LegacyAddress from, ChatState state);

    /** The legacy network confirmed delivery of the user's message {@code messageId} (XEP-0184). */
    void delivered(LegacyAddress to, String messageId);

    /** The user has entered a room (XEP-0045 section 7.2.3); also after a rejoin that follows a reconnect. */
    default void roomJoined(RoomSnapshot snapshot) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /** The network refused the user's {@link LegacySession#joinRoom} ({@code nick} is the one asked for). */
    default void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /** Someone entered a room the user is in (section 7.2.3). */
    default void occupantJoined(LegacyAddress room, Occupant occupant) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /** An occupant's role, affiliation, away state or status changed (sections 8 and 9). */
    default void occupantChanged(LegacyAddress room, Occupant occupant) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /**
     * An occupant changed nick (section 7.6, status 303); when {@code oldNick} is the user's own nick, the user
     * was renamed (by their own request, or by the network: status 210).
     */
    default void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /**
     * An occupant left a room (section 7.14); when {@code nick} is the user's own nick, the user is out of the
     * room (kicked, banned, parted or disconnected).
     */
    default void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /** Something was said in a room (section 7.4), by someone else or as the reflection of the user's own. */
    default void roomMessageReceived(RoomMessage message) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /** A room's subject changed (section 8.1); {@code nick} is who changed it, or empty when the network did. */
    default void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /** A legacy contact invited the user into a room (section 7.8.2). */
    default void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        throw new UnsupportedOperationException("rooms are not served by this sink");
    }

    /** The legacy connection changed state; {@code detail} is a human-readable reason, or empty. */
    void connectionStateChanged(ConnectionState state, String detail);
}
