package im.switchboard.irc.session;

import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.XmppSink;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.channel.IrcChannel;
import im.switchboard.irc.channel.IrcNetwork;
import im.switchboard.irc.ctcp.CtcpCodec;
import im.switchboard.irc.ctcp.CtcpMessage;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text path of {@link IrcEventTranslator}: PRIVMSG and NOTICE (Modern IRC, "PRIVMSG message", "NOTICE
 * message") to rooms, to the user and from the server, the reflections of the user's own lines (XEP-0045
 * section 7.4; IRCv3 {@code echo-message}; threats I2, I10), CTCP (I3), batches, the MOTD and the numerics the
 * user reads. Not thread-safe: used under the translator's lock, which also guards the {@link IrcNetwork}.
 */
final class IrcMessageRelay {

    private static final Logger LOG = LoggerFactory.getLogger(IrcMessageRelay.class);
    private static final String CHATHISTORY = "chathistory";
    private static final String ECHO_MESSAGE = "echo-message";
    /** How long an echo that came before its line was reported waits to be claimed (far above the race). */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(2);
    /**
     * How long a line sent waits for its echo: far above a server's round trip; a line the server dropped without
     * a word (flood control) is then released, not reflected.
     */
    static final Duration ECHO_WAIT = Duration.ofSeconds(10);

    private final String server;
    private final IrcAddress.Server serverAddress;
    private final XmppSink sink;
    private final IrcServerRules rules;
    private final IrcNetwork network;
    private final IrcTextRenderer text;
    private final Clock clock;
    private final Consumer<IrcCtcpRequest> ctcp;
    private final IrcEchoQueue echoes = new IrcEchoQueue();
    private final Map<String, String> batches = new HashMap<>();
    private final List<String> motd = new ArrayList<>();
    /** Room messages read between our JOIN echo and RPL_ENDOFNAMES, by folded channel. */
    private final Map<String, List<RoomMessage>> early = new HashMap<>();

    IrcMessageRelay(String server, XmppSink sink, IrcServerRules rules, IrcNetwork network, IrcTextRenderer text,
            Clock clock, Consumer<IrcCtcpRequest> ctcp) {
        this.server = Objects.requireNonNull(server, "server");
        this.serverAddress = new IrcAddress.Server(server);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.network = Objects.requireNonNull(network, "network");
        this.text = Objects.requireNonNull(text, "text");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ctcp = Objects.requireNonNull(ctcp, "ctcp");
    }

    /**
     * A PRIVMSG or NOTICE from the server.
     *
     * @param ourNick    our nick now
     * @param registered whether RPL_WELCOME has been seen: before it, everything is the server talking
     */
    void message(IrcMessage m, String ourNick, boolean registered) {
        boolean notice = m.command().equals("NOTICE");
        String target = required(m, 0);
        String raw = required(m, 1);
        Optional<IrcSource> src = m.source();
        if (src.isEmpty() || src.get().user().isEmpty() || !registered) {
            // A server notice (Modern IRC, "NOTICE"): the source is the server name, there is no "!user".
            serverMessage(m, target, raw);
            return;
        }
        String nick = src.get().name();
        boolean fromUs = network.mapping().same(nick, ourNick);
        String channelTarget = rules.stripStatusMsg(target);
        if (rules.isChannel(channelTarget)) {
            channelMessage(m, nick, fromUs, src.get(), channelTarget, raw, notice);
            return;
        }
        if (fromUs) {
            // Our own private message echoed (echo-message): XMPP does not reflect chat messages.
            return;
        }
        CtcpMessage decoded = CtcpCodec.decode(raw);
        IrcAddress.User from = new IrcAddress.User(server, nick);
        if (decoded instanceof CtcpMessage.Query q) {
            // I3: a query in a PRIVMSG may be answered (by the session, rate limited); a NOTICE holds a reply,
            // never answered; DCC and the rest are dropped. None is shown.
            if (!notice && CtcpCodec.REPLIES.contains(q.command())) {
                ctcp.accept(new IrcCtcpRequest(from, q.command(), q.params(), clock.instant()));
            } else {
                LOG.debug("dropped a CTCP {} from a user on {}", q.command(), server);
            }
            return;
        }
        network.user(nick).ifPresent(u -> u.userHost(src.get().user(), src.get().host()));
        text.body(decoded, notice).ifPresent(body ->
                sink.messageReceived(new IncomingMessage(from, body, time(m), msgid(m))));
    }

    private void channelMessage(IrcMessage m, String nick, boolean fromUs, IrcSource src, String channel,
            String raw, boolean notice) {
        Optional<IrcChannel> ch = network.channel(channel);
        String shownNick = ch.flatMap(c -> c.member(network.fold(nick))).map(mem -> mem.user().nick()).orElse(nick);
        Optional<String> body = text.body(raw, notice);
        if (body.isEmpty()) {
            LOG.debug("a channel line on {} with nothing to show (CTCP or empty)", server);
            return;
        }
        RoomMessage message = new RoomMessage(room(channel), shownNick, body.get(), time(m), msgid(m),
                Optional.empty());
        if (fromUs && rules.has(ECHO_MESSAGE) && !inBatch(m, CHATHISTORY)) {
            // The echo of one of our lines: the reflection of the first line reported there with that text.
            String key = network.fold(channel);
            Optional<String> id = echoes.takeEcho(key, raw);
            if (id.isEmpty()) {
                echoes.hold(key, new IrcEchoQueue.Orphan(raw, message, clock.instant()));
                return;
            }
            deliver(id.get().isEmpty() ? message : reflected(message, id.get()));
            return;
        }
        if (!fromUs) {
            network.user(nick).ifPresent(u -> u.userHost(src.user(), src.host()));
        }
        deliver(message);
    }

    /**
     * A text the room itself says about {@code m} (a mode change, the channel's modes): from no occupant
     * ({@link RoomMessage#fromRoom}), with the line's server-time and msgid; held until the join completes, like
     * any room message. The text is IRC data ({@link IrcTextRenderer#data}).
     */
    void roomText(IrcAddress.Channel channel, String body, IrcMessage m) {
        deliver(RoomMessage.fromRoom(channel, text.data(body), time(m), msgid(m)));
    }

    /** Shows a room message: after the snapshot when the join is not complete, not at all outside our rooms. */
    private void deliver(RoomMessage message) {
        IrcAddress.Channel channel = (IrcAddress.Channel) message.room();
        Optional<IrcChannel> ch = network.channel(channel.name());
        if (ch.isPresent() && ch.get().state() == IrcChannel.State.JOINING) {
            // Said while NAMES is still coming: the user is not in the room yet, so it follows the snapshot.
            early.computeIfAbsent(network.fold(channel.name()), k -> new ArrayList<>()).add(message);
            return;
        }
        if (ch.isEmpty() && message.reflectionOf().isEmpty()) {
            // A channel we are not in (a -n channel, or a line that crossed our PART): no room to show it in.
            LOG.debug("a line to a channel on {} we are not in", server);
            return;
        }
        sink.roomMessageReceived(message);
    }

    private static RoomMessage reflected(RoomMessage m, String stanzaId) {
        return new RoomMessage(m.room(), m.nick(), m.body(), m.sentAt(), m.legacyId(), Optional.of(stanzaId));
    }

    /**
     * Shows the orphan echoes that waited longer than {@link #ORPHAN_GRACE}: no line of ours claimed them; and
     * releases the lines that waited for their echo longer than {@link #ECHO_WAIT}: the server dropped them.
     */
    void flushStaleOrphans() {
        if (echoes.hasPending()) {
            echoes.expireBefore(clock.instant().minus(ECHO_WAIT));
        }
        if (echoes.hasOrphans()) {
            echoes.takeOrphansHeldBefore(clock.instant().minus(ORPHAN_GRACE)).forEach(o -> deliver(o.message()));
        }
    }

    private void serverMessage(IrcMessage m, String target, String raw) {
        String shown = text.text(CtcpCodec.strip(raw));
        if (shown.isBlank()) {
            return;
        }
        String body = rules.isChannel(rules.stripStatusMsg(target)) ? "[" + target + "] " + shown : shown;
        sink.messageReceived(new IncomingMessage(serverAddress, body, time(m), msgid(m)));
    }

    /**
     * The session sent {@code sent} for the stanza {@code stanzaId}: a PRIVMSG or NOTICE to a channel is
     * reflected at once, or, with echo-message, when its echo comes.
     */
    void sent(IrcMessage sent, String stanzaId, String ourNick) {
        boolean notice = sent.command().equals("NOTICE");
        if (!(notice || sent.command().equals("PRIVMSG")) || sent.params().size() < 2) {
            return;
        }
        String target = sent.params().get(0);
        if (!rules.isChannel(target)) {
            return;
        }
        if (rules.has(ECHO_MESSAGE)) {
            expectEcho(network.fold(target), sent.params().get(1), Objects.requireNonNullElse(stanzaId, ""));
            return;
        }
        Optional<String> body = text.body(sent.params().get(1), notice);
        if (body.isPresent()) {
            sink.roomMessageReceived(new RoomMessage(room(target), ourNick, body.get(), Optional.empty(),
                    Optional.empty(), Optional.ofNullable(stanzaId)));
        }
    }

    /**
     * A line to {@code key} was reported: it claims the oldest orphan echo with its text, if its echo already came
     * (orphans before it are echoes of lines the session did not report, shown as they are); else it waits.
     */
    private void expectEcho(String key, String sentText, String stanzaId) {
        flushStaleOrphans();
        Optional<IrcEchoQueue.Orphan> orphan = echoes.takeOrphan(key);
        while (orphan.isPresent()) {
            if (orphan.get().text().equals(sentText)) {
                deliver(stanzaId.isEmpty() ? orphan.get().message() : reflected(orphan.get().message(), stanzaId));
                return;
            }
            deliver(orphan.get().message());
            orphan = echoes.takeOrphan(key);
        }
        echoes.expect(key, stanzaId, sentText, clock.instant());
    }

    /**
     * TAGMSG with the IRCv3 {@code +typing} client tag ({@code active}, {@code paused}, {@code done}) from a user
     * to us: their XEP-0085 chat state. Typing in channels has no fact (rooms have no chat states in the SPI).
     */
    void tagMessage(IrcMessage m, String ourNick) {
        String typing = m.tags().get("+typing");
        Optional<IrcSource> src = m.source();
        if (typing == null || src.isEmpty() || src.get().user().isEmpty()
                || !network.mapping().same(required(m, 0), ourNick)
                || network.mapping().same(src.get().name(), ourNick)) {
            return;
        }
        ChatState state = switch (typing) {
            case "active" -> ChatState.COMPOSING;
            case "paused" -> ChatState.PAUSED;
            case "done" -> ChatState.ACTIVE;
            default -> null;
        };
        if (state != null) {
            sink.chatStateChanged(new IrcAddress.User(server, src.get().name()), state);
        }
    }

    /** The user is now in the channel with folded name {@code key}: what was said meanwhile follows. */
    void joined(String key) {
        List<RoomMessage> waiting = early.remove(key);
        if (waiting != null) {
            waiting.forEach(sink::roomMessageReceived);
        }
    }

    /** The user is out of the channel with folded name {@code key}. */
    void left(String key) {
        early.remove(key);
    }

    /** IRCv3 batch: {@code BATCH +ref type [params]} opens, {@code BATCH -ref} closes. */
    void batch(IrcMessage m) {
        String ref = required(m, 0);
        if (ref.startsWith("+")) {
            batches.put(ref.substring(1), m.param(1).orElse(""));
        } else if (ref.startsWith("-")) {
            batches.remove(ref.substring(1));
        }
    }

    private boolean inBatch(IrcMessage m, String type) {
        String ref = m.tags().get("batch");
        return ref != null && type.equalsIgnoreCase(batches.get(ref));
    }

    /** RPL_MOTDSTART: a new MOTD (its header line is not kept). */
    void motdStart() {
        motd.clear();
    }

    void motdLine(IrcMessage m) {
        String line = m.param(1).orElse("");
        // RPL_MOTD lines start with "- " by convention.
        motd.add(line.startsWith("- ") ? line.substring(2) : line);
    }

    /** RPL_ENDOFMOTD: the MOTD as one message from the server. */
    void motdEnd() {
        if (!motd.isEmpty()) {
            String body = text.text(String.join("\n", motd));
            motd.clear();
            sink.messageReceived(IncomingMessage.of(serverAddress, body));
        }
    }

    /**
     * ERR_CANNOTSENDTOCHAN (404) and the other refusals of a channel line {@code <client> <channel> :text} (408 and
     * 492 no CTCP/control codes, 477 registered nick needed, 489 TLS only): with echo-message, the line it refused
     * will not be echoed (I10).
     */
    void cannotSend(IrcMessage m) {
        String channel = required(m, 1);
        if (rules.has(ECHO_MESSAGE)) {
            echoes.refused(network.fold(channel));
        }
        showNumeric(m);
    }

    /**
     * IRCv3 standard replies: {@code FAIL PRIVMSG|NOTICE <code> <target> :description} refuses a line to the
     * target, which will not be echoed (I10); the description is shown. Other FAILs are only shown.
     */
    void fail(IrcMessage m) {
        String command = required(m, 0);
        List<String> p = m.params();
        if ((command.equals("PRIVMSG") || command.equals("NOTICE")) && p.size() >= 4 && rules.has(ECHO_MESSAGE)
                && rules.isChannel(p.get(2))) {
            echoes.refused(network.fold(p.get(2)));
        }
        String description = p.get(p.size() - 1);
        if (!description.isBlank()) {
            serverText(command + ": " + description);
        }
    }

    /** A numeric as {@code middle: text} from the server ({@link IrcNumerics#text}). */
    void showNumeric(IrcMessage m) {
        IrcNumerics.text(m).ifPresent(body ->
                sink.messageReceived(new IncomingMessage(serverAddress, text.text(body), time(m), msgid(m))));
    }

    /** A text of the gateway's own, from the server. */
    void serverText(String body) {
        sink.messageReceived(IncomingMessage.of(serverAddress, text.text(body)));
    }

    /**
     * The connection is gone: lines not yet echoed are not reflected, open batches and the MOTD are dropped;
     * orphan echoes are shown first (they were said), so call this before the rooms are left.
     */
    void clear() {
        echoes.takeAllOrphans().forEach(o -> deliver(o.message()));
        echoes.clear();
        batches.clear();
        motd.clear();
        early.clear();
    }

    private IrcAddress.Channel room(String channel) {
        return network.channel(channel).map(c -> new IrcAddress.Channel(server, c.name()))
                .orElseGet(() -> new IrcAddress.Channel(server, channel));
    }

    static String required(IrcMessage m, int index) {
        return m.param(index).orElseThrow(() -> new IrcShortLineException("parameter " + index + " missing"));
    }

    /** IRCv3 server-time: {@code time=2011-10-19T16:40:51.620Z}; becomes a XEP-0203 delay. */
    static Optional<Instant> time(IrcMessage m) {
        String t = m.tags().get("time");
        if (t == null || t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerTime.parse(t));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** IRCv3 message-ids: {@code msgid=...}; becomes a XEP-0359 stanza-id. */
    static Optional<String> msgid(IrcMessage m) {
        String id = m.tags().get("msgid");
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }
}
