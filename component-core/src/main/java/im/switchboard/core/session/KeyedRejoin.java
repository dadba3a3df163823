package im.switchboard.core.session;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.Page;
import im.switchboard.core.spi.PageRequest;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomListing;
import im.switchboard.registration.Registration;
import java.util.Objects;
import java.util.Optional;

/**
 * The legacy session as the rejoin of one remembered room sees it ({@code UserRooms.rejoin}): its room join
 * carries the room's remembered password (XEP-0045 section 7.2.6, an IRC channel key), so a keyed room comes back
 * after a restart. Everything else goes to the session unchanged. Used for that one call, on the user's actor.
 */
final class KeyedRejoin implements LegacySession {

    private final LegacySession session;
    private final Optional<Secret> key;

    KeyedRejoin(LegacySession session, Optional<Secret> key) {
        this.session = Objects.requireNonNull(session, "session");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** {@code session} itself when there is no key to add. */
    static LegacySession of(LegacySession session, Optional<Secret> key) {
        return key.isEmpty() ? session : new KeyedRejoin(session, key);
    }

    @Override
    public void joinRoom(RoomJoin join) throws LegacyException {
        session.joinRoom(join.password().isPresent() ? join : new RoomJoin(join.room(), join.nick(), key));
    }

    @Override
    public void connect() throws LegacyException {
        session.connect();
    }

    @Override
    public void sendMessage(OutgoingMessage message) throws LegacyException {
        session.sendMessage(message);
    }

    @Override
    public void sendChatState(LegacyAddress to, ChatState state) throws LegacyException {
        session.sendChatState(to, state);
    }

    @Override
    public void leaveRoom(LegacyAddress room, String status) throws LegacyException {
        session.leaveRoom(room, status);
    }

    @Override
    public void sendRoomMessage(OutgoingMessage message) throws LegacyException {
        session.sendRoomMessage(message);
    }

    @Override
    public void setRoomSubject(LegacyAddress room, String subject) throws LegacyException {
        session.setRoomSubject(room, subject);
    }

    @Override
    public void changeRoomNick(LegacyAddress room, String nick) throws LegacyException {
        session.changeRoomNick(room, nick);
    }

    @Override
    public void moderate(LegacyAddress room, Moderation action) throws LegacyException {
        session.moderate(room, action);
    }

    @Override
    public void invite(LegacyAddress room, LegacyAddress invitee, String reason) throws LegacyException {
        session.invite(room, invitee, reason);
    }

    @Override
    public Page<RoomListing> listRooms(LegacyAddress service, PageRequest page) throws LegacyException {
        return session.listRooms(service, page);
    }

    @Override
    public void registrationChanged(Registration latest) {
        session.registrationChanged(latest);
    }

    @Override
    public void close() {
        session.close();
    }
}
