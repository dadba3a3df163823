package im.switchboard.irc.session;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.connection.IrcConnectionListener;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcLine;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcMessageWriter;
import im.switchboard.irc.message.IrcParseResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted {@link IrcConnection}: it writes every sent message with the real {@link IrcMessageWriter} (so the
 * recorded lines are exactly what would reach the socket) and lets the test play the server.
 */
final class FakeIrcConnection implements IrcConnection {

    /** The server's reaction to a sent message. */
    @FunctionalInterface
    interface Responder {
        void sent(FakeIrcConnection connection, IrcMessage message);
    }

    private final String nick;
    private final LegacyException openFailure;
    private final Responder responder;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile IrcConnectionListener listener;
    private volatile boolean open;
    private volatile boolean closed;
    private volatile boolean dropDuringOpen;
    private volatile ServerFeatures features = new ServerFeatures(Map.of(), Set.of());

    FakeIrcConnection(String nick, LegacyException openFailure, Responder responder) {
        this.nick = nick;
        this.openFailure = openFailure;
        this.responder = responder;
    }

    @Override
    public void open(IrcConnectionListener l) throws LegacyException {
        if (openFailure != null) {
            throw openFailure;
        }
        this.listener = l;
        this.open = true;
        serverSays(":irc.example.net 001 " + nick + " :Welcome");
        if (dropDuringOpen) {
            drop("Closing link: registration flood");
        }
    }

    /** The connection ends on the reader thread before {@code open} has returned. */
    void dropDuringOpen() {
        this.dropDuringOpen = true;
    }

    @Override
    public IrcLine send(IrcMessage message) throws NotConnectedException {
        if (!open) {
            throw new NotConnectedException("not open");
        }
        IrcLine line = IrcMessageWriter.write(message);
        lines.add(line.text());
        responder.sent(this, line.sent());
        return line;
    }

    @Override
    public String nick() {
        return nick;
    }

    @Override
    public ServerFeatures features() {
        return features;
    }

    void features(ServerFeatures value) {
        this.features = value;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (open) {
            lines.add(IrcMessageWriter.write(IrcMessage.of("QUIT", reason)).text());
            open = false;
            listener.closed(reason, true);
        }
    }

    /** The server sends {@code line}. */
    void serverSays(String line) {
        if (IrcMessageParser.parse(line) instanceof IrcParseResult.Parsed parsed) {
            listener.onMessage(parsed.message());
        } else {
            throw new IllegalArgumentException("not a line: " + line);
        }
    }

    /** The server drops the connection. */
    void drop(String reason) {
        open = false;
        closed = true;
        listener.closed(reason, false);
    }

    /** Every line written, in order, QUIT included. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean isClosed() {
        return closed;
    }
}
