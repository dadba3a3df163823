package im.switchboard.core.spi;

import im.switchboard.registration.Registration;
import java.util.List;

/**
 * One user's connection to a legacy network.
 *
 * <p>Threading: every method is called on the user's actor thread, one at a time (see the package
 * documentation). Blocking is allowed. Results of asynchronous legacy work go to the {@link XmppSink}.
 *
 * <p>Lifecycle: {@link #connect()} once after opening (XEP-0100: when the user's first available presence
 * reaches the gateway, or at the component's start for a session the bridge keeps open, see
 * {@link Bridge#keepsSessionOpen}), then any number of sends, then {@link #close()} (the user's last unavailable
 * presence unless the session is kept open, unregistration or shutdown). {@code close} is idempotent and never throws.
 */
public interface LegacySession {

    /**
     * Connect and log in. Report progress through {@link XmppSink#connectionStateChanged}; a failure that
     * happens later (a dropped connection) is reported there too.
     */
    void connect() throws LegacyException;

    /** Send one text message to a legacy contact. Thrown errors become the stanza error the user sees. */
    void sendMessage(OutgoingMessage message) throws LegacyException;

    /** Forward a chat state (XEP-0085). Only called when the bridge declares {@link Capability#CHAT_STATES}. */
    default void sendChatState(LegacyAddress to, ChatState state) throws LegacyException {
        throw new UnsupportedException("chat states are not supported on this network");
    }

    /**
     * Enter a room (XEP-0045 section 7.2). Returns once the request is on its way; the outcome is reported
     * later through {@link XmppSink#roomJoined} or {@link XmppSink#roomJoinFailed}. Only called when the bridge
     * declares {@link Capability#ROOMS}; a join of a room the user is already in (another resource, or a nick
     * change) is answered by the core.
     */
    default void joinRoom(RoomJoin join) throws LegacyException {
        throw new UnsupportedException("rooms are not supported on this network");
    }

    /** Leave a room (section 7.14); the bridge reports {@link XmppSink#occupantLeft} for the user's own nick. */
    default void leaveRoom(LegacyAddress room, String status) throws LegacyException {
        throw new UnsupportedException("rooms are not supported on this network");
    }

    /**
     * Say something in a room (section 7.4); {@code message.to()} is the room. The bridge reports the reflection
     * through {@link XmppSink#roomMessageReceived} with {@link RoomMessage#reflectionOf()} set to
     * {@code message.id()}, showing exactly the text that the network received.
     */
    default void sendRoomMessage(OutgoingMessage message) throws LegacyException {
        throw new UnsupportedException("rooms are not supported on this network");
    }

    /** Change a room's subject (section 8.1); the change is reported through {@link XmppSink#subjectChanged}. */
    default void setRoomSubject(LegacyAddress room, String subject) throws LegacyException {
        throw new UnsupportedException("changing the subject is not supported on this network");
    }

    /**
     * Change the user's nick in a room (section 7.6). On networks where the nick is per connection (IRC) this
     * renames the user in every room; the network's answer comes through {@link XmppSink#occupantRenamed}.
     */
    default void changeRoomNick(LegacyAddress room, String nick) throws LegacyException {
        throw new UnsupportedException("changing the nick is not supported on this network");
    }

    /** Kick, ban or change a role or affiliation (sections 8 and 9); the network checks the user's rights. */
    default void moderate(LegacyAddress room, Moderation action) throws LegacyException {
        throw new UnsupportedException("moderation is not supported on this network");
    }

    /** Invite a legacy contact into a room (section 7.8.2, mediated invitation). */
    default void invite(LegacyAddress room, LegacyAddress invitee, String reason) throws LegacyException {
        throw new UnsupportedException("invitations are not supported on this network");
    }

    /**
     * List the rooms of a legacy service (disco#items on the service's JID, XEP-0045 section 6.3), one
     * XEP-0059 page at a time. May block while the network answers. Only called when the bridge declares
     * {@link Capability#ROOM_LIST}.
     */
    default Page<RoomListing> listRooms(LegacyAddress service, PageRequest page) throws LegacyException {
        throw new UnsupportedException("listing rooms is not supported on this network");
    }

    /**
     * The ban list of a room (XEP-0045 section 9.2), as the network keeps it. May block while the network answers;
     * the network decides whether the user may read it ({@link ForbiddenException} when not). Only called when the
     * bridge declares {@link Capability#ROOM_CONFIG}.
     */
    default List<BanEntry> banList(LegacyAddress room) throws LegacyException {
        throw new UnsupportedException("ban lists are not supported on this network");
    }

    /**
     * The configuration of a room the user is in (XEP-0045 section 10.2), with the fields the network can express.
     * May block while the network answers. Throws {@link ForbiddenException} when the user may not configure the
     * room. Only called when the bridge declares {@link Capability#ROOM_CONFIG}.
     */
    default RoomConfiguration roomConfiguration(LegacyAddress room) throws LegacyException {
        throw new UnsupportedException("room configuration is not supported on this network");
    }

    /**
     * Change a room's configuration (XEP-0045 section 10.2): every present field of {@code changes} is the value
     * wanted; the bridge changes only what differs from the room's current configuration. Returns once the change
     * is on its way; the network reports resulting occupant changes as facts. Throws {@link ForbiddenException}
     * when the user may not configure the room, {@link UnsupportedException} for a value the network cannot
     * express. Only called when the bridge declares {@link Capability#ROOM_CONFIG}.
     */
    default void configureRoom(LegacyAddress room, RoomConfiguration changes) throws LegacyException {
        throw new UnsupportedException("room configuration is not supported on this network");
    }

    /**
     * The user's stored registration changed while this session is open (a re-registration, or a bridge command
     * such as IRC's "Configure"): {@code latest} is what is stored now, secrets included. The session uses it
     * from now on where it can without disturbing what is open (for example at the next connection to a server);
     * the default ignores it (the next session gets it). Called on the user's actor thread; must not block long
     * and never throws.
     */
    default void registrationChanged(Registration latest) {
        // the default: the session keeps the registration it was opened with
    }

    /** Disconnect and release everything. Idempotent; never throws. */
    void close();
}
