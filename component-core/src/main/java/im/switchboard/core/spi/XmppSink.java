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
    void roomJoined(RoomSnapshot snapshot);

    /** The network refused the user's {@link LegacySession#joinRoom} ({@code nick} is the one asked for). */
    void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text);

    /**
     * The network sent the user's {@link LegacySession#joinRoom} of {@code room} to another room {@code to} (IRC's
     * channel forward, numeric 470): the join fails with the {@code redirect} stanza error naming {@code to}
     * (RFC 6120 section 8.3.3.14), {@code text} saying so for a person. The default reports an ordinary refusal
     * ({@link RoomJoinFailure#NOT_ACCEPTABLE}) for sinks that cannot redirect.
     */
    default void roomRedirected(LegacyAddress room, String nick, LegacyAddress to, String text) {
        roomJoinFailed(room, nick, RoomJoinFailure.NOT_ACCEPTABLE, text);
    }

    /** Someone entered a room the user is in (section 7.2.3). */
    void occupantJoined(LegacyAddress room, Occupant occupant);

    /** An occupant's role, affiliation, away state or status changed (sections 8 and 9). */
    void occupantChanged(LegacyAddress room, Occupant occupant);

    /**
     * An occupant changed nick (section 7.6, status 303); when {@code oldNick} is the user's own nick, the user
     * was renamed (by their own request, or by the network: status 210).
     */
    void occupantRenamed(LegacyAddress room, String oldNick, String newNick);

    /**
     * An occupant left a room (section 7.14); when {@code nick} is the user's own nick, the user is out of the
     * room (kicked, banned, parted or disconnected).
     */
    void occupantLeft(LegacyAddress room, String nick, Departure departure);

    /** Something was said in a room (section 7.4), by someone else or as the reflection of the user's own. */
    void roomMessageReceived(RoomMessage message);

    /** A room's subject changed (section 8.1); {@code nick} is who changed it, or empty when the network did. */
    void subjectChanged(LegacyAddress room, String nick, RoomSubject subject);

    /** A legacy contact invited the user into a room (section 7.8.2). */
    void invitationReceived(LegacyAddress room, LegacyAddress from, String reason);

    /** The legacy connection changed state; {@code detail} is a human-readable reason, or empty. */
    void connectionStateChanged(ConnectionState state, String detail);
}
