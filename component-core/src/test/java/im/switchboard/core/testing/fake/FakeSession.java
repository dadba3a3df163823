package im.switchboard.core.testing.fake;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.Page;
import im.switchboard.core.spi.PageRequest;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomListing;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.core.spi.XmppSink;
import im.switchboard.registration.Registration;
import java.util.Optional;

/**
 * One gateway user's login on the fake network. Called on the user's actor thread only (SPI threading contract),
 * so its own fields need no lock; the network is shared and locks itself.
 */
final class FakeSession implements LegacySession {

    private final FakeNetwork network;
    private final String user;
    private final Optional<String> username;
    private final String password;
    private final XmppSink sink;
    private final boolean receipts;
    private boolean connected;
    private boolean closed;

    FakeSession(FakeNetwork network, SessionContext context, boolean receipts) {
        this.network = network;
        this.user = context.user();
        // The registered credentials (XEP-0077 via FakeBridge's form); absent for an account-less registration.
        this.username = Optional.ofNullable(context.registration().fields().get(FakeBridge.USERNAME));
        Secret secret = context.registration().secrets().get(FakeBridge.PASSWORD);
        this.password = secret == null ? "" : secret.reveal();
        this.sink = context.sink();
        this.receipts = receipts;
        network.registrationSeen(user, context.registration());
    }

    @Override
    public void registrationChanged(Registration latest) {
        network.registrationSeen(user, latest);
    }

    @Override
    public void connect() throws LegacyException {
        sink.connectionStateChanged(ConnectionState.CONNECTING, "");
        try {
            network.logIn(user, username, password, this);
        } catch (LegacyException e) {
            sink.connectionStateChanged(ConnectionState.FAILED, e.getMessage());
            throw e;
        }
        connected = true;
        sink.connectionStateChanged(ConnectionState.CONNECTED, "");
    }

    @Override
    public void sendMessage(OutgoingMessage message) throws LegacyException {
        requireConnected();
        FakeAddress to = (FakeAddress) message.to();
        network.deliver(user, to, message);
        if (receipts && message.receiptRequested() && !message.id().isEmpty()) {
            sink.delivered(to, message.id());
        }
    }

    @Override
    public void sendChatState(LegacyAddress to, ChatState state) throws LegacyException {
        requireConnected();
        network.chatState(user, (FakeAddress) to, state);
    }

    @Override
    public void joinRoom(RoomJoin join) throws LegacyException {
        requireConnected();
        network.rooms().join(user, join, sink);
    }

    @Override
    public void leaveRoom(LegacyAddress room, String status) throws LegacyException {
        requireConnected();
        network.rooms().part(user, (FakeRoom) room, status);
    }

    @Override
    public void sendRoomMessage(OutgoingMessage message) throws LegacyException {
        requireConnected();
        network.rooms().say(user, message);
    }

    @Override
    public void setRoomSubject(LegacyAddress room, String subject) throws LegacyException {
        requireConnected();
        network.rooms().topic(user, (FakeRoom) room, subject);
    }

    @Override
    public void changeRoomNick(LegacyAddress room, String nick) throws LegacyException {
        requireConnected();
        network.rooms().changeNick(user, (FakeRoom) room, nick);
    }

    @Override
    public void moderate(LegacyAddress room, Moderation action) throws LegacyException {
        requireConnected();
        network.rooms().moderate(user, (FakeRoom) room, action);
    }

    @Override
    public void invite(LegacyAddress room, LegacyAddress invitee, String reason) throws LegacyException {
        requireConnected();
        network.rooms().invited(user, (FakeRoom) room, (FakeAddress) invitee, reason);
    }

    @Override
    public java.util.List<im.switchboard.core.spi.BanEntry> banList(LegacyAddress room) throws LegacyException {
        requireConnected();
        return network.rooms().banList(user, (FakeRoom) room);
    }

    @Override
    public im.switchboard.core.spi.RoomConfiguration roomConfiguration(LegacyAddress room) throws LegacyException {
        requireConnected();
        return network.rooms().configuration(user, (FakeRoom) room);
    }

    @Override
    public void configureRoom(LegacyAddress room, im.switchboard.core.spi.RoomConfiguration changes)
            throws LegacyException {
        requireConnected();
        network.rooms().configure(user, (FakeRoom) room, changes);
    }

    @Override
    public Page<RoomListing> listRooms(LegacyAddress service, PageRequest page) throws LegacyException {
        requireConnected();
        return network.rooms().list(page);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connected = false;
        network.rooms().loggedOut(user, sink);
        network.logOut(user, this);
        sink.connectionStateChanged(ConnectionState.DISCONNECTED, "logged out");
    }

    XmppSink sink() {
        return sink;
    }

    private void requireConnected() throws NotConnectedException {
        if (!connected) {
            throw new NotConnectedException("not logged in to the fake network");
        }
    }
}
