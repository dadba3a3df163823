package im.switchboard.irc.session;

import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.spi.XmppSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link XmppSink} for session tests: every fact, plus typed lists. Thread-safe. */
public final class SessionSink implements XmppSink {

    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<IncomingMessage> messages = new CopyOnWriteArrayList<>();
    final List<RoomMessage> roomMessages = new CopyOnWriteArrayList<>();
    final List<RoomSnapshot> joined = new CopyOnWriteArrayList<>();
    /** The texts of the join failures, in order. */
    public final List<String> joinFailureTexts = new CopyOnWriteArrayList<>();
    public final List<String> states = new CopyOnWriteArrayList<>();

    @Override
    public void messageReceived(IncomingMessage message) {
        messages.add(message);
        events.add(message);
    }

    @Override
    public void chatStateChanged(LegacyAddress from, ChatState state) {
        events.add(state);
    }

    @Override
    public void delivered(LegacyAddress to, String messageId) {
        events.add("delivered " + messageId);
    }

    @Override
    public void roomJoined(RoomSnapshot snapshot) {
        joined.add(snapshot);
        events.add(snapshot);
    }

    @Override
    public void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        joinFailureTexts.add(text);
        events.add("joinFailed " + room.display() + " " + failure);
    }

    @Override
    public void roomRedirected(LegacyAddress room, String nick, LegacyAddress to, String text) {
        joinFailureTexts.add(text);
        events.add("redirected " + room.display() + " -> " + to.display());
    }

    @Override
    public void occupantJoined(LegacyAddress room, Occupant occupant) {
        events.add(occupant);
    }

    @Override
    public void occupantChanged(LegacyAddress room, Occupant occupant) {
        events.add(occupant);
    }

    @Override
    public void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        events.add("renamed " + oldNick + " " + newNick);
    }

    @Override
    public void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        events.add("left " + room.display() + " " + nick + " " + departure.kind());
    }

    @Override
    public void roomMessageReceived(RoomMessage message) {
        roomMessages.add(message);
        events.add(message);
    }

    @Override
    public void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        events.add(subject);
    }

    @Override
    public void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        events.add("invited " + room.display());
    }

    @Override
    public void connectionStateChanged(ConnectionState state, String detail) {
        states.add(state + (detail.isEmpty() ? "" : " " + detail));
        events.add(state);
    }
}
