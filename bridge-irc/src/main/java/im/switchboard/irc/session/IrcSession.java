package im.switchboard.irc.session;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.BanEntry;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.IncomingMessage;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.Page;
import im.switchboard.core.spi.PageRequest;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.RecipientUnavailableException;
import im.switchboard.core.spi.RoomConfiguration;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomListing;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.core.spi.UnsupportedException;
import im.switchboard.core.spi.XmppSink;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.irc.ctcp.CtcpCodec;
import im.switchboard.irc.ctcp.CtcpMessage;
import im.switchboard.irc.message.IrcLine;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcMessageWriter;
import im.switchboard.irc.message.IrcParseResult;
import im.switchboard.irc.message.IrcWriteException;
import im.switchboard.registration.Registration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XMPP user on IRC: one {@link IrcServerLink} per server they use, opened on demand (a join, a private
 * message, a listing) or at {@link #connect()} for the servers they marked always-on.
 *
 * <p>Threading: every method runs on the user's actor thread (SPI contract), which alone touches
 * {@link #links}. Each link guards its own state against its reader, opener and reconnect threads (see
 * {@link IrcServerLink}); those threads reach XMPP only through the thread-safe sink. No method waits for a
 * connect: a request for a server whose connection is being opened waits in the link's queue
 * ({@link DeferredOperation}) and is sent, or failed with the connect's reason, by the opening thread.
 *
 * <p>Every value that reaches a command is checked first: channel and nick values with a space, comma or
 * control character are refused ({@link InvalidAddressException}) before a command exists, and free text
 * (bodies, topics, reasons) goes through {@link OutboundText} and the writer's sanitizing (THREATS I1, I2).
 */
public final class IrcSession implements LegacySession {

    private static final Logger LOG = LoggerFactory.getLogger(IrcSession.class);
    /** The same text whatever the reason a server is refused, the connector's text too (THREATS I4). */
    static final String NOT_ALLOWED = "This IRC server is not available through this gateway";
    private static final String QUIT_REASON = "Leaving";
    /** How long close() waits for the QUITs to leave. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** The most bytes of an IRC line, CRLF included (Modern IRC, "Message format"; THREATS I2). */
    private static final int MAX_LINE_BYTES = 512;
    /** How long a failed on-demand open is remembered (see {@link #failedOpens}). */
    static final Duration FAILED_OPEN_MEMORY = Duration.ofSeconds(30);
    /** Commands a raw line may not carry: they belong to connection registration or end the connection. */
    private static final Set<String> RAW_REFUSED = Set.of("QUIT", "PASS", "USER", "CAP", "AUTHENTICATE",
            "WEBIRC", "SERVER", "ERROR");

    /** The stored registration now: replaced by {@link #registrationChanged}, read when a link is made. */
    private Registration registration;
    private final String user;
    private final XmppSink sink;
    private final SessionEnvironment env;
    private final ConnectionStateReporter states;
    private final Map<String, IrcServerLink> links = new LinkedHashMap<>();
    /**
     * On-demand opens that failed lately, by host: until the instant given, a request for that server fails at
     * once instead of making the actor wait for another connect timeout (and the server see a connect storm, I5).
     */
    private final Map<String, FailedOpen> failedOpens = new HashMap<>();
    private final TypingNotifier typing;
    private boolean closed;

    /** A session for {@code context}'s user; opens nothing yet. */
    public IrcSession(SessionContext context, SessionEnvironment env) {
        this.registration = context.registration();
        this.user = context.user();
        this.sink = context.sink();
        this.env = env;
        this.states = new ConnectionStateReporter(sink);
        this.typing = new TypingNotifier(env.clock());
    }

    /**
     * Ready at once (connections open on demand): reports {@code CONNECTED}, then starts the always-on servers'
     * connections in the background; see {@link ConnectionStateReporter} for what the user sees later.
     */
    @Override
    public void connect() throws LegacyException {
        if (closed) {
            throw new NotConnectedException("the session is closed");
        }
        states.started();
        for (String host : IrcUserServerSettings.alwaysOnHosts(registration)) {
            if (env.settings().server(host).isEmpty()) {
                LOG.info("Always-on server of {} is no longer allow-listed; skipped", user);
                continue;
            }
            IrcServerLink existing = links.get(host);
            if (existing != null) {
                existing.keepOpen();
                continue;
            }
            if (links.size() >= env.settings().maxConnectionsPerUser()) {
                break;
            }
            link(host).keepOpen();
        }
    }

    @Override
    public void sendMessage(OutgoingMessage message) throws LegacyException {
        IrcAddress to = irc(message.to());
        switch (to) {
            case IrcAddress.User u -> {
                String nick = checkNick(u.nick());
                IrcServerLink link = open(u.server(), Optional.empty());
                DeferredOperation send = new PrivateMessage(u.server(), nick, message.body());
                Optional<IrcConnection> connection = link.queueOrReady(send);
                if (connection.isPresent()) {
                    send.run(connection.get());
                    typing.messageSent(u.server(), link.translator().nick(), nick);
                }
            }
            case IrcAddress.Server s -> raw(s, message.body());
            case IrcAddress.Channel c -> throw new UnsupportedException("send messages to " + c.name()
                    + " as groupchat messages to the room");
        }
    }

    @Override
    public void joinRoom(RoomJoin join) throws LegacyException {
        IrcAddress.Channel room = channel(join.room());
        String nick = checkNick(join.nick());
        Optional<Secret> key = join.password().filter(k -> !k.isEmpty());
        if (key.isPresent()) {
            checkKey(key.get());
        }
        IrcServerLink link = open(room.server(), Optional.of(nick));
        if (link.joinWhenConnected(room.name(), nick, key)) {
            // The link is connecting (on demand or between reconnects) or still sending what waited for it: its
            // attempt joins, or fails the join; the actor does not wait for the connect.
            return;
        }
        IrcConnection connection = link.connection();
        link.joining(room.name(), key);
        // Expect before sending: the reader thread may see the server's JOIN before send returns. When we are in
        // the channel already (another XMPP resource, an auto-join), the translator reports the room at once and
        // no JOIN is sent; when our PART of it is still on its way, a JOIN is needed although we look joined.
        boolean sendJoin = link.translator().expectJoin(room.name(), nick);
        if (sendJoin) {
            connection.send(IrcServerLink.joinLine(room.name(), key));
            link.watchJoin(room.name());
        }
    }

    /**
     * XEP-0085 to the IRCv3 {@code +typing} client tag on a {@code TAGMSG}: composing is {@code active}, paused is
     * {@code paused}, and active, inactive and gone (the user stopped typing) are {@code done}. Sent only on an open
     * connection to a server that has {@code message-tags} (client tags need it); otherwise nothing is sent and
     * nothing fails, since chat states are advisory (XEP-0085 section 5.1). {@link TypingNotifier} keeps
     * {@code active} to one per 3 s per target, as the typing specification asks.
     */
    @Override
    public void sendChatState(LegacyAddress to, ChatState state) throws LegacyException {
        IrcAddress address = irc(to);
        String target;
        String host;
        switch (address) {
            case IrcAddress.User u -> {
                target = checkNick(u.nick());
                host = u.server();
            }
            case IrcAddress.Channel c -> {
                target = channel(c).name();
                host = c.server();
            }
            case IrcAddress.Server s -> {
                return;
            }
        }
        IrcServerLink link = links.get(host);
        if (link == null) {
            return; // a typing notification never opens a connection
        }
        IrcConnection connection;
        try {
            connection = link.ready().orElse(null);
        } catch (LegacyException e) {
            return;
        }
        if (connection == null || !connection.features().has(TypingNotifier.CAPABILITY)) {
            return;
        }
        Optional<String> value = typing.next(host, link.translator().nick(), target, state);
        if (value.isPresent()) {
            connection.send(new IrcMessage(Map.of(TypingNotifier.TAG, value.get()), Optional.empty(), "TAGMSG",
                    List.of(target)));
        }
    }

    /**
     * The stored registration changed (the Configure command, a re-registration). Every server's link uses the new
     * settings at its next connection, and links made from now on start with them. What IRC lets a registered
     * connection change applies now (Configure on a server JID):
     * <ul>
     *   <li>a new nick: {@code NICK} on the open connection;</li>
     *   <li>channels added to auto-join: joined now on the open connection;</li>
     *   <li>always-on turned on: the server's connection is opened now and kept open; turned off, an open connection
     *       stays while it is used (the core closes the whole session when it is no longer kept open and the user is
     *       offline and in no room, {@code Bridge.keepsSessionOpen});</li>
     *   <li>"reconnect now" ({@link IrcUserServerSettings#RECONNECT}): QUIT and a new connection at once, which is
     *       how a new user name, real name or password (SASL, NickServ, server) can apply to an open connection.</li>
     * </ul>
     */
    @Override
    public void registrationChanged(Registration latest) {
        if (closed || !latest.user().equals(user)) {
            return;
        }
        Registration before = this.registration;
        this.registration = latest;
        for (IrcServerLink link : links.values()) {
            Optional<IrcServerPolicy> policy = env.settings().server(link.host());
            if (policy.isEmpty()) {
                continue;
            }
            IrcUserServerSettings mine = settingsFor(link.host(), Optional.of(link.request().nick()));
            link.settingsChanged(mine.connectRequest(user, policy.get()), mine.autoJoin());
            // compared as stored (no fallback nick), so a nick the server gave us is not "changed back" by an
            // unrelated change
            applyNow(link, IrcUserServerSettings.of(before, link.host()), IrcUserServerSettings.of(latest, link.host()),
                    IrcUserServerSettings.reconnectRequested(before, latest, link.host()));
        }
        List<String> wasAlwaysOn = IrcUserServerSettings.alwaysOnHosts(before);
        for (String host : IrcUserServerSettings.alwaysOnHosts(latest)) {
            if (wasAlwaysOn.contains(host) || env.settings().server(host).isEmpty()) {
                continue;
            }
            IrcServerLink link = links.get(host);
            if (link != null) {
                link.keepOpen(Duration.ZERO);
            } else if (links.size() < env.settings().maxConnectionsPerUser()) {
                link(host).keepOpen(Duration.ZERO);
            }
        }
    }

    /** The part of a server's new settings that an open connection can take now (see {@link #registrationChanged}). */
    private static void applyNow(IrcServerLink link, IrcUserServerSettings before, IrcUserServerSettings after,
            boolean reconnect) {
        if (reconnect) {
            // the new connection asks for the new nick and joins the auto-join channels anyway
            link.reconnectNow();
            return;
        }
        if (!after.nick().isEmpty() && !after.nick().equals(before.nick())
                && IrcNames.nickProblem(after.nick()).isEmpty()) {
            link.changeNick(after.nick());
        }
        List<String> added = new ArrayList<>();
        for (String channel : after.autoJoin()) {
            boolean had = before.autoJoin().stream().anyMatch(c -> c.equalsIgnoreCase(channel));
            if (!had && IrcNames.channelProblem(channel).isEmpty()) {
                added.add(channel);
            }
        }
        if (!added.isEmpty()) {
            link.autoJoinAdded(added);
        }
    }

    /**
     * PART; the channel is not rejoined after a reconnect from now on. While the connection is down the user is
     * out of the room already (the translator reported the loss), so only the rejoin is cancelled.
     */
    @Override
    public void leaveRoom(LegacyAddress room, String status) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        IrcServerLink link = existing(channel.server());
        link.leaving(channel.name());
        IrcConnection connection;
        try {
            connection = link.connection();
        } catch (NotConnectedException e) {
            return;
        }
        link.translator().expectPart(channel.name());
        connection.send(status.isBlank() ? IrcMessage.of("PART", channel.name())
                : IrcMessage.of("PART", channel.name(), OutboundText.oneLine(status)));
    }

    @Override
    public void sendRoomMessage(OutgoingMessage message) throws LegacyException {
        IrcAddress.Channel room = channel(message.to());
        IrcServerLink link = existing(room.server());
        IrcConnection connection = link.connection();
        if (!link.translator().isJoined(room.name())) {
            throw new RecipientUnavailableException("you are not in " + room.name());
        }
        // all lines or none: a full send queue refuses the whole message (I5)
        for (IrcLine line : connection.sendAll(OutboundText.privmsgs(room.name(), message.body(), connection))) {
            link.translator().sentLine(line.sent(), message.id());
        }
        typing.messageSent(room.server(), link.translator().nick(), room.name());
    }

    @Override
    public void setRoomSubject(LegacyAddress room, String subject) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        existing(channel.server()).send(IrcMessage.of("TOPIC", channel.name(), OutboundText.oneLine(subject)));
    }

    /** IRC nicks are per connection: this renames the user in every channel of that server. */
    @Override
    public void changeRoomNick(LegacyAddress room, String nick) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        String checked = checkNick(nick);
        existing(channel.server()).send(IrcMessage.of("NICK", checked));
    }

    /**
     * XEP-0045 admin items as IRC channel commands; the server decides whether the user may.
     * <ul>
     *   <li>kick (role none, section 8.2): {@code KICK #chan nick :reason};</li>
     *   <li>ban (affiliation outcast, 9.1): {@code MODE #chan +b nick!*@*}, then the kick;</li>
     *   <li>role moderator (8.5): {@code +o}; role participant (8.3 grant voice, 8.6 revoke moderator):
     *       {@code -o+v}; role visitor (8.4 revoke voice): {@code -o-v};</li>
     *   <li>affiliation admin: {@code +o}; member: {@code +v}; none: {@code -o-v} (IRC prefixes are the only
     *       standing a channel keeps for a nick); outcast: the ban above;</li>
     *   <li>affiliation owner: refused, IRC has no standard mode for it (founders are set by services).</li>
     * </ul>
     */
    @Override
    public void moderate(LegacyAddress room, Moderation action) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        IrcServerLink link = existing(channel.server());
        String name = channel.name();
        // the occupant's nick as the server spells it (MUC nicks may differ in case, I8)
        String nick = checkNick(link.translator().occupantNick(name, checkNick(action.nick())).orElse(action.nick()));
        switch (action) {
            case Moderation.Kick kick -> link.send(kick(name, nick, kick.reason()));
            case Moderation.Ban ban -> ban(link, name, nick, ban.reason());
            case Moderation.SetRole role -> link.send(switch (role.role()) {
                case MODERATOR -> IrcMessage.of("MODE", name, "+o", nick);
                case PARTICIPANT -> IrcMessage.of("MODE", name, "-o+v", nick, nick);
                case VISITOR -> IrcMessage.of("MODE", name, "-o-v", nick, nick);
            });
            case Moderation.SetAffiliation affiliation -> affiliation(link, name, nick, affiliation.affiliation());
        }
    }

    @Override
    public void invite(LegacyAddress room, LegacyAddress invitee, String reason) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        if (!(invitee instanceof IrcAddress.User guest) || !guest.server().equals(channel.server())) {
            throw new InvalidAddressException("only users of " + channel.server() + " can be invited to "
                    + channel.name());
        }
        // IRC's INVITE has no reason parameter (Modern IRC, "INVITE message"): the reason is not sent.
        existing(channel.server()).send(IrcMessage.of("INVITE", checkNick(guest.nick()), channel.name()));
    }

    /** XEP-0045 section 9.2 as {@code MODE #chan b} (see {@link IrcRoomSettings}). */
    @Override
    public List<BanEntry> banList(LegacyAddress room) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        return roomSettings().banList(existing(channel.server()), channel);
    }

    /** XEP-0045 section 10.2 from the channel's modes (see {@link IrcRoomSettings}). */
    @Override
    public RoomConfiguration roomConfiguration(LegacyAddress room) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        return roomSettings().configuration(existing(channel.server()), channel);
    }

    /** XEP-0045 section 10.2 as the MODE changes that differ (see {@link IrcRoomSettings}). */
    @Override
    public void configureRoom(LegacyAddress room, RoomConfiguration changes) throws LegacyException {
        IrcAddress.Channel channel = channel(room);
        roomSettings().configure(existing(channel.server()), channel, changes);
    }

    private IrcRoomSettings roomSettings() {
        return new IrcRoomSettings(env.settings().listTimeout());
    }

    /**
     * One page of the server's channels (LIST, cached for {@code list-cache-time}). {@code after} is a channel
     * key as printed in JIDs ({@code #chan%host}) or a channel name, compared case-insensitively.
     */
    @Override
    public Page<RoomListing> listRooms(LegacyAddress service, PageRequest page) throws LegacyException {
        if (!(service instanceof IrcAddress.Server server)) {
            throw new InvalidAddressException("channels are listed on a server's address");
        }
        IrcServerLink link = links.get(server.host());
        Optional<List<RoomListing>> all = link == null ? Optional.empty()
                : link.channelList().cached(env.settings().listCacheTime());
        if (all.isEmpty()) {
            link = open(server.host(), Optional.empty());
            link.openInBackground();
            // A listing is answered now or not at all (the core waits for the page): while the connection is being
            // opened in the background the user is asked to come back, rather than the actor waiting for the connect.
            IrcConnection connection = link.ready().orElseThrow(() -> new NotConnectedException("connecting to "
                    + server.host() + "; ask for its channels again in a few seconds"));
            CountDownLatch done = link.channelList().begin();
            connection.send(IrcMessage.of("LIST"));
            try {
                all = link.channelList().await(done, env.settings().listTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientFailureException("interrupted while listing the channels of " + server.host());
            }
            if (all.isEmpty()) {
                throw new TransientFailureException(server.host() + " did not list its channels in time");
            }
        }
        return page(all.get(), page);
    }

    /** QUIT on every server (THREATS C2); idempotent, never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        states.close();
        // Each QUIT may wait for its send queue (bounded by the connection): the servers are closed in parallel,
        // so a user on ten servers does not hold shutdown ten times as long (THREATS C2).
        List<Thread> closing = new ArrayList<>();
        for (IrcServerLink link : links.values()) {
            closing.add(Thread.ofVirtual().name("irc-quit").start(() -> {
                try {
                    link.close(QUIT_REASON);
                } catch (RuntimeException e) {
                    LOG.warn("Closing the IRC connection to {} of {} failed", link.host(), user, e);
                }
            }));
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread thread : closing) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    LOG.info("QUIT of {} still in progress after {}", user, CLOSE_WAIT);
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        links.clear();
    }

    /** The links, for tests and diagnostics (actor thread); those whose on-demand open failed are dropped first. */
    Map<String, IrcServerLink> links() {
        forgetAbandoned();
        return Map.copyOf(links);
    }

    static Page<RoomListing> page(List<RoomListing> all, PageRequest request) {
        int start = request.index();
        if (request.after().isPresent()) {
            String after = request.after().get();
            start = all.size();
            for (int i = 0; i < all.size(); i++) {
                IrcAddress.Channel room = (IrcAddress.Channel) all.get(i).room();
                if (room.key().equalsIgnoreCase(after) || room.name().equalsIgnoreCase(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        start = Math.min(start, all.size());
        int end = (int) Math.min((long) start + request.max(), all.size());
        return new Page<>(all.subList(start, end), start, all.size());
    }

    private void raw(IrcAddress.Server server, String body) throws LegacyException {
        if (!env.settings().rawCommands()) {
            throw new UnsupportedException("raw IRC commands are not enabled on this gateway; join channels as "
                    + "rooms and message users as contacts");
        }
        List<String> lines = OutboundText.lines(body);
        if (lines.size() != 1) {
            throw new UnsupportedException("send exactly one IRC command per message");
        }
        IrcMessage parsed = switch (IrcMessageParser.parse(lines.get(0).strip())) {
            case IrcParseResult.Parsed p -> p.message();
            case IrcParseResult.Malformed m -> throw new UnsupportedException("not an IRC command: " + m.reason());
        };
        if (RAW_REFUSED.contains(parsed.command())) {
            throw new UnsupportedException(parsed.command() + " cannot be sent as a raw command");
        }
        IrcMessage command = new IrcMessage(Map.of(), Optional.empty(), parsed.command(), rawParams(parsed));
        IrcServerLink link = open(server.host(), Optional.empty());
        DeferredOperation send = new RawCommand(server.host(), command);
        Optional<IrcConnection> connection = link.queueOrReady(send);
        if (connection.isPresent()) {
            send.run(connection.get());
        }
    }

    /** Sends a raw command once its size with our prefix is known (I2). */
    private final class RawCommand implements DeferredOperation {

        private final String host;
        private final IrcMessage command;

        RawCommand(String host, IrcMessage command) {
            this.host = host;
            this.command = command;
        }

        @Override
        public void run(IrcConnection connection) throws LegacyException {
            try {
                // I2: relayed to others the line gains our prefix; it must still fit in 512 bytes there.
                int relayed = IrcMessageWriter.write(command).text().getBytes(StandardCharsets.UTF_8).length + 2
                        + OutboundText.relayPrefixBytes(connection.nick(), connection.features());
                if (relayed > MAX_LINE_BYTES) {
                    throw new UnsupportedException("that command is too long: with the prefix the server adds it "
                            + "would be " + relayed + " bytes, IRC allows " + MAX_LINE_BYTES);
                }
                connection.send(command);
            } catch (IrcWriteException e) {
                throw new UnsupportedException("cannot send that command: " + e.getMessage());
            }
        }

        @Override
        public void failed(LegacyException why, String text) {
            // No stanza is waiting for an answer any more: the user reads it from the server, like its replies.
            sink.messageReceived(IncomingMessage.of(new IrcAddress.Server(host), "Your " + command.command()
                    + " command was not sent: " + text));
        }
    }

    /**
     * A private message: its lines depend on the connection (our nick and the server's limits decide where a long
     * body is split, I2), so they are made when it is sent.
     */
    private final class PrivateMessage implements DeferredOperation {

        private final String host;
        private final String nick;
        private final String body;

        PrivateMessage(String host, String nick, String body) {
            this.host = host;
            this.nick = nick;
            this.body = body;
        }

        @Override
        public void run(IrcConnection connection) throws LegacyException {
            // all lines or none: a full send queue refuses the whole message (I5)
            connection.sendAll(OutboundText.privmsgs(nick, body, connection));
        }

        @Override
        public void failed(LegacyException why, String text) {
            // The message stanza was accepted when it was queued, so no error stanza can answer it now: the user
            // reads the failure from the server's address, where the connection's other news comes from.
            sink.messageReceived(IncomingMessage.of(new IrcAddress.Server(host), "Your message to " + nick
                    + " was not sent: " + text));
        }
    }

    /**
     * A raw command's parameters, with CTCP taken out of the text of a PRIVMSG or NOTICE except {@code ACTION}
     * (I3: the gateway never sends a CTCP query, a DCC offer above all).
     */
    private static List<String> rawParams(IrcMessage parsed) {
        List<String> params = parsed.params();
        boolean text = parsed.command().equals("PRIVMSG") || parsed.command().equals("NOTICE");
        if (!text || params.size() < 2) {
            return params;
        }
        String last = params.get(params.size() - 1);
        String safe = switch (CtcpCodec.decode(last)) {
            case CtcpMessage.Action action -> CtcpCodec.action(action.text());
            case CtcpMessage.Plain plain -> CtcpCodec.strip(last);
            case CtcpMessage.Query query -> CtcpCodec.strip(last);
        };
        List<String> out = new ArrayList<>(params.subList(0, params.size() - 1));
        out.add(safe);
        return out;
    }

    private static IrcMessage kick(String channel, String nick, String reason) {
        return reason.isBlank() ? IrcMessage.of("KICK", channel, nick)
                : IrcMessage.of("KICK", channel, nick, OutboundText.oneLine(reason));
    }

    private static void ban(IrcServerLink link, String channel, String nick, String reason) throws LegacyException {
        link.send(IrcMessage.of("MODE", channel, "+b", nick + "!*@*"));
        link.send(kick(channel, nick, reason));
    }

    private static void affiliation(IrcServerLink link, String channel, String nick, Affiliation affiliation)
            throws LegacyException {
        switch (affiliation) {
            case OWNER -> throw new UnsupportedException("IRC has no standard mode for channel owners; ask the "
                    + "network's services");
            case ADMIN -> link.send(IrcMessage.of("MODE", channel, "+o", nick));
            case MEMBER -> link.send(IrcMessage.of("MODE", channel, "+v", nick));
            case NONE -> link.send(IrcMessage.of("MODE", channel, "-o-v", nick, nick));
            case OUTCAST -> ban(link, channel, nick, "");
        }
    }

    /**
     * The link of {@code host}, made on demand; the caller's request then starts its connection in the background
     * if it has none ({@link IrcServerLink#queueOrReady}, {@link IrcServerLink#openInBackground}), never waiting for
     * it. A link whose on-demand open failed before it ever connected is dropped first, and the failure remembered
     * for {@link #FAILED_OPEN_MEMORY}.
     */
    private IrcServerLink open(String host, Optional<String> joinNick) throws LegacyException {
        if (closed) {
            throw new NotConnectedException("the session is closed");
        }
        forgetAbandoned();
        IrcServerLink link = links.get(host);
        if (link == null) {
            if (env.settings().server(host).isEmpty()) {
                throw new InvalidAddressException(NOT_ALLOWED);
            }
            FailedOpen failed = failedOpens.get(host);
            if (failed != null) {
                if (env.clock().instant().isBefore(failed.until()) && failed.refused()) {
                    // THREATS I4: a refused server gets the same answer every time, never one that tells an
                    // allow-listed server whose address was refused from one that is not listed.
                    throw new InvalidAddressException(failed.reason());
                }
                if (env.clock().instant().isBefore(failed.until())) {
                    throw new NotConnectedException("could not connect to " + host + " a moment ago ("
                            + failed.reason() + "); try again in a few seconds");
                }
                failedOpens.remove(host);
            }
            if (links.size() >= env.settings().maxConnectionsPerUser()) {
                throw new RateLimitedException("you are connected to " + links.size() + " IRC servers, the most "
                        + "this gateway allows");
            }
            link = link(host, joinNick);
        }
        return link;
    }

    /**
     * Drops the on-demand links whose open failed before they ever connected (their opening thread marked them),
     * remembering each failure: the next request for that server fails at once instead of making the server see a
     * connect storm (I5). Only the actor changes {@link #links}.
     */
    private void forgetAbandoned() {
        for (var it = links.values().iterator(); it.hasNext();) {
            IrcServerLink link = it.next();
            Optional<Instant> at = link.abandonedAt();
            if (at.isEmpty()) {
                continue;
            }
            it.remove();
            link.close(QUIT_REASON);
            LegacyException why = link.lastFailure().orElse(new NotConnectedException("connection failed"));
            failedOpens.put(link.host(), new FailedOpen(at.get().plus(FAILED_OPEN_MEMORY),
                    why.getMessage() == null ? "connection failed" : why.getMessage(),
                    why instanceof InvalidAddressException));
        }
    }

    /** An on-demand open that failed: requests for its server fail at once until {@code until}. */
    private record FailedOpen(Instant until, String reason, boolean refused) {
    }

    private IrcServerLink link(String host) {
        return link(host, Optional.empty());
    }

    private IrcServerLink link(String host, Optional<String> joinNick) {
        IrcServerPolicy policy = env.settings().server(host).orElseThrow();
        IrcUserServerSettings mine = settingsFor(host, joinNick);
        IrcServerLink link = new IrcServerLink(mine.connectRequest(user, policy), env, sink, states, mine.autoJoin());
        links.put(policy.host(), link);
        return link;
    }

    /** The user's settings for {@code host}; without any nick, {@code fallbackNick} (the room nick) is used. */
    private IrcUserServerSettings settingsFor(String host, Optional<String> fallbackNick) {
        IrcUserServerSettings mine = IrcUserServerSettings.of(registration, host);
        if (mine.nick().isEmpty()) {
            String nick = fallbackNick.orElse("guest");
            mine = new IrcUserServerSettings(mine.host(), nick, IrcUserServerSettings.defaultUsername(nick), nick,
                    mine.saslAccount(), mine.saslPassword(), mine.nickservPassword(), mine.serverPassword(),
                    mine.autoJoin(), mine.alwaysOn());
        }
        return mine;
    }

    private IrcServerLink existing(String host) throws NotConnectedException {
        IrcServerLink link = links.get(host);
        if (link == null) {
            throw new NotConnectedException("you are not connected to " + host + "; join one of its channels first");
        }
        return link;
    }

    private static IrcAddress irc(LegacyAddress address) throws InvalidAddressException {
        if (address instanceof IrcAddress irc) {
            return irc;
        }
        throw new InvalidAddressException("not an IRC address");
    }

    private static IrcAddress.Channel channel(LegacyAddress address) throws InvalidAddressException {
        if (!(address instanceof IrcAddress.Channel channel)) {
            throw new InvalidAddressException("not an IRC channel");
        }
        Optional<String> problem = IrcNames.channelProblem(channel.name());
        if (problem.isPresent()) {
            throw new InvalidAddressException(problem.get());
        }
        return channel;
    }

    private static String checkNick(String nick) throws InvalidAddressException {
        Optional<String> problem = IrcNames.nickProblem(nick);
        if (problem.isPresent()) {
            throw new InvalidAddressException(problem.get());
        }
        return nick;
    }

    /** A channel key is a middle parameter: no space, comma or control character (Modern IRC, "JOIN"). */
    private static void checkKey(Secret key) throws InvalidAddressException {
        String k = key.reveal();
        boolean bad = k.length() > 100 || k.indexOf(' ') >= 0 || k.indexOf(',') >= 0 || k.startsWith(":")
                || IrcUserServerSettings.oneLineProblem(k, "").isPresent();
        if (bad) {
            throw new InvalidAddressException("the room password cannot be an IRC channel key: at most 100 "
                    + "characters, no space, comma, colon at the start or control character");
        }
    }
}
