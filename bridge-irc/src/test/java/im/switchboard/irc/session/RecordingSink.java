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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An {@link XmppSink} that records every fact as a record, in order, for exact assertions. */
class RecordingSink implements XmppSink {

    record Message(IncomingMessage message) { }

    record Joined(RoomSnapshot snapshot) { }

    record JoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) { }

    record OccupantJoined(LegacyAddress room, Occupant occupant) { }

    record OccupantChanged(LegacyAddress room, Occupant occupant) { }

    record Renamed(LegacyAddress room, String oldNick, String newNick) { }

    record Left(LegacyAddress room, String nick, Departure departure) { }

    record RoomMsg(RoomMessage message) { }

    record Subject(LegacyAddress room, String nick, RoomSubject subject) { }

    record Invitation(LegacyAddress room, LegacyAddress from, String reason) { }

    record State(ConnectionState state, String detail) { }

    /** Synchronized: the real-server checks ({@link TranslatorChecks}) record on the reader thread. */
    final List<Object> events = Collections.synchronizedList(new ArrayList<>());

    /** The events recorded so far, then forgotten. */
    List<Object> take() {
        synchronized (events) {
            List<Object> out = List.copyOf(events);
            events.clear();
            return out;
        }
    }

    @Override
    public void messageReceived(IncomingMessage message) {
        events.add(new Message(message));
    }

    @Override
    public void chatStateChanged(LegacyAddress from, ChatState state) {
        events.add(List.of(from, state));
    }

    @Override
    public void delivered(LegacyAddress to, String messageId) {
        events.add(List.of(to, messageId));
    }

    @Override
    public void roomJoined(RoomSnapshot snapshot) {
        events.add(new Joined(snapshot));
    }

    @Override
    public void roomJoinFailed(LegacyAddress room, String nick, RoomJoinFailure failure, String text) {
        events.add(new JoinFailed(room, nick, failure, text));
    }

    @Override
    public void occupantJoined(LegacyAddress room, Occupant occupant) {
        events.add(new OccupantJoined(room, occupant));
    }

    @Override
    public void occupantChanged(LegacyAddress room, Occupant occupant) {
        events.add(new OccupantChanged(room, occupant));
    }

    @Override
    public void occupantRenamed(LegacyAddress room, String oldNick, String newNick) {
        events.add(new Renamed(room, oldNick, newNick));
    }

    @Override
    public void occupantLeft(LegacyAddress room, String nick, Departure departure) {
        events.add(new Left(room, nick, departure));
    }

    @Override
    public void roomMessageReceived(RoomMessage message) {
        events.add(new RoomMsg(message));
    }

    @Override
    public void subjectChanged(LegacyAddress room, String nick, RoomSubject subject) {
        events.add(new Subject(room, nick, subject));
    }

    @Override
    public void invitationReceived(LegacyAddress room, LegacyAddress from, String reason) {
        events.add(new Invitation(room, from, reason));
    }

    @Override
    public void connectionStateChanged(ConnectionState state, String detail) {
        events.add(new State(state, detail));
    }
}
