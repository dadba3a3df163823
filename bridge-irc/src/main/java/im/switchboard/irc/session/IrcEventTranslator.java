package im.switchboard.irc.session;

import im.switchboard.core.spi.XmppSink;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcMessage;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * IRC to XMPP, for one user on one IRC server connection (API skeleton; the mapping follows).
 */
public final class IrcEventTranslator {

    private final String server;
    private final XmppSink sink;
    private final Supplier<ServerFeatures> features;
    private final Clock clock;
    private final IrcTextOptions textOptions;
    private volatile Consumer<IrcCtcpRequest> ctcpHandler;

    public IrcEventTranslator(String server, XmppSink sink, Supplier<ServerFeatures> features, Clock clock) {
        this(server, sink, features, clock, IrcTextOptions.defaults(), request -> { });
    }

    public IrcEventTranslator(String server, XmppSink sink, Supplier<ServerFeatures> features, Clock clock,
            IrcTextOptions textOptions, Consumer<IrcCtcpRequest> ctcpHandler) {
        this.server = Objects.requireNonNull(server, "server");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.features = Objects.requireNonNull(features, "features");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.textOptions = Objects.requireNonNull(textOptions, "textOptions");
        this.ctcpHandler = Objects.requireNonNull(ctcpHandler, "ctcpHandler");
    }

    public void setCtcpHandler(Consumer<IrcCtcpRequest> handler) {
        this.ctcpHandler = Objects.requireNonNull(handler, "handler");
    }

    public void onMessage(IrcMessage m) {
    }

    public void registered(String nick) {
    }

    public void expectJoin(String channel, String requestedNick) {
    }

    public void expectPart(String channel) {
    }

    public void connectionLost(String reason) {
    }

    public Set<String> channelsToRejoin() {
        return Set.of();
    }

    public String nick() {
        return "";
    }

    public Set<IrcAddress.Channel> joinedChannels() {
        return Set.of();
    }

    public boolean isJoined(String channel) {
        return false;
    }

    public Optional<String> occupantNick(String channel, String nick) {
        return Optional.empty();
    }

    public boolean isOperator(String channel) {
        return false;
    }

    public void sentLine(IrcMessage sent, String xmppStanzaId) {
    }
}
