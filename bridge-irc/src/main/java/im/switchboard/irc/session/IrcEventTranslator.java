package im.switchboard.irc.session;

import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.spi.XmppSink;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.channel.IrcCaseMapping;
import im.switchboard.irc.channel.IrcChannel;
import im.switchboard.irc.channel.IrcMask;
import im.switchboard.irc.channel.IrcModeChange;
import im.switchboard.irc.channel.IrcNetwork;
import im.switchboard.irc.channel.IrcRoles;
import im.switchboard.irc.channel.IrcUser;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IRC to XMPP for one user on one IRC server connection: fed every {@link IrcMessage} the connection reads, it
 * keeps the server-side state (channels, members, modes, topics; {@link IrcNetwork}) and reports facts to the
 * {@link XmppSink}.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>Our {@code JOIN} echo, then {@code RPL_NAMREPLY}/{@code RPL_ENDOFNAMES} (353/366) and the topic
 *       (332/333): one {@link XmppSink#roomJoined} with every occupant (XEP-0045 section 7.2.3), the nick changed
 *       flag (status 210) set when our nick is not the one the user asked for. A refusal (471, 473, 474, 475,
 *       403, 405, 476, 477, 437, 470, 489, 520) before that: {@link XmppSink#roomJoinFailed}; a forward (470
 *       naming the channel we are put into instead): {@link XmppSink#roomRedirected}, see {@link #forwarded}.</li>
 *   <li>Others' {@code JOIN} (with {@code extended-join}: account and real name), {@code PART}, {@code QUIT}
 *       (in every channel shared with them), {@code KICK} (status 307, or 301 when a ban we saw matches the
 *       kicked user), {@code NICK} (303, in every shared channel; our own too): occupant facts.</li>
 *   <li>{@code MODE}: shown in the room as the room's own message ({@code juliet sets mode: +o nurse}), then
 *       membership modes (PREFIX, multi-prefix NAMES) become roles and affiliations by {@link IrcRoles};
 *       {@code +m} turns unvoiced members into visitors; {@code +b} is remembered. RPL_CHANNELMODEIS (324) is
 *       shown in the room once per join.</li>
 *   <li>{@code PRIVMSG}/{@code NOTICE} to a channel: a room message; CTCP ACTION as {@code /me} (XEP-0245), other
 *       CTCP not shown (I3); a NOTICE from a user is shown with {@link IrcTextOptions#noticePrefix()}. To us:
 *       a private message from the {@link IrcAddress.User}; the CTCP queries the gateway may answer go to the
 *       {@link IrcCtcpRequest} handler. From the server (no {@code !} in the source, or before 001): a message
 *       from the {@link IrcAddress.Server}.</li>
 *   <li>The MOTD (375/372/376) as one message from the server; error numerics and replies to user commands
 *       (WHOIS, ...) as messages from the server; a refused nick change (432, 433, 436, 437) after registration
 *       too, since XMPP has no fact for it. Registration, statistics and listing numerics are not shown.</li>
 *   <li>IRCv3: {@code time} is {@code sentAt} (XEP-0203), {@code msgid} is {@code legacyId} (XEP-0359);
 *       {@code away-notify}, {@code account-notify}, {@code chghost}, {@code setname} update occupants, and
 *       after a join with {@code away-notify} a {@code WHO} (WHOX, with accounts, when the server has it) learns
 *       the state of those already there ({@link IrcWho}); WHO and WHOIS replies (352, 354, 301, 330, 318) update
 *       away state and accounts whoever asked, an occupant change only when something changed;
 *       {@code batch}: the inner events are handled as they come, and a {@code chathistory} batch's messages
 *       are never taken for echoes; {@code echo-message}: see {@link #sentLine}; a private {@code TAGMSG} with
 *       {@code +typing} is a XEP-0085 chat state.</li>
 * </ul>
 * Names are compared with the server's {@code CASEMAPPING} (I8); text goes through {@link IrcTextRenderer} (X6).
 * A line that cannot be handled (missing parameters, a bug) is logged and skipped, never thrown (I7).
 *
 * <h2>Threading</h2>
 * Every public method takes one lock; {@link #onMessage} is called on the connection's reader thread, the others
 * on the session's. Facts are queued under the lock, so they keep the order their causes were read in, and handed
 * to the sink after it is released ({@link FactQueue}): the sink may block (backpressure towards the IRC socket,
 * which is what we want), but never while the session's thread waits for the lock.
 * The lines the translator asks for itself (the WHO after a join) leave the same way: queued under the lock, handed
 * to the {@linkplain #setRequestSender request sender} after it is released.
 */
public final class IrcEventTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(IrcEventTranslator.class);


    private final ReentrantLock lock = new ReentrantLock();
    private final String server;
    /** Facts are queued under {@link #lock} and delivered after it is released (see {@link FactQueue}). */
    private final FactQueue sink;
    private final IrcServerRules rules;
    private final IrcMessageRelay relay;
    private final Clock clock;
    private final IrcTextRenderer text;
    private volatile Consumer<IrcCtcpRequest> ctcpHandler;
    private volatile Consumer<IrcMessage> requestSender = line -> { };
    /** Lines the translator asks to send (a WHO after a join), sent after the lock is released. */
    private final List<IrcMessage> requests = new ArrayList<>();
    /** WHOIS replies being read (RPL_WHOISUSER seen, no RPL_ENDOFWHOIS yet): folded nick to whether 301 came. */
    private final Map<String, Boolean> whoisAway = new HashMap<>();

    private final IrcNetwork network = new IrcNetwork(IrcCaseMapping.RFC1459);
    private final Map<String, PendingJoin> pendingJoins = new LinkedHashMap<>();
    private final Set<String> pendingParts = new HashSet<>();
    private final Map<String, Set<String>> namesSeen = new HashMap<>();
    /** Channels the user was in when a connection was lost and is not back in yet: folded name to display. */
    private final Map<String, String> toRejoin = new LinkedHashMap<>();
    /**
     * Channels a server forwarded a join of ours to (470, see {@link #forwarded}), folded, that the user has not
     * joined as a room yet: held, not reported, until the user joins them or the link parts them.
     */
    private final Set<String> forwards = new HashSet<>();
    private String ourNick = "";
    private boolean registered;
    private String topicToAnnounce;

    /**
     * A translator with the default text options and no CTCP handler (queries are then dropped).
     *
     * @param server   the IRC server's host, lower case, as in {@link IrcAddress}
     * @param sink     where the facts go
     * @param features the connection's ISUPPORT tokens and capabilities, read as they change
     * @param clock    for the times the network does not give
     */
    public IrcEventTranslator(String server, XmppSink sink, Supplier<ServerFeatures> features, Clock clock) {
        this(server, sink, features, clock, IrcTextOptions.defaults(), request -> { });
    }

    /**
     * A translator.
     *
     * @param textOptions how IRC text is rendered
     * @param ctcpHandler receives the CTCP queries to answer; called on the reader thread, must not block
     */
    public IrcEventTranslator(String server, XmppSink sink, Supplier<ServerFeatures> features, Clock clock,
            IrcTextOptions textOptions, Consumer<IrcCtcpRequest> ctcpHandler) {
        this.server = IrcAddress.fold(Objects.requireNonNull(server, "server"));
        this.sink = new FactQueue(Objects.requireNonNull(sink, "sink"));
        this.rules = new IrcServerRules(features);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.text = new IrcTextRenderer(Objects.requireNonNull(textOptions, "textOptions"));
        this.ctcpHandler = Objects.requireNonNull(ctcpHandler, "ctcpHandler");
        this.relay = new IrcMessageRelay(this.server, this.sink, rules, network, text, clock,
                request -> this.ctcpHandler.accept(request));
    }

    /** Replaces the CTCP handler (see the constructor). */
    public void setCtcpHandler(Consumer<IrcCtcpRequest> handler) {
        this.ctcpHandler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Where the lines the translator itself wants sent go: the {@code WHO} after a join that learns the occupants'
     * away state and accounts ({@link IrcWho}). Called on the reader thread, outside the translator's lock; it
     * must not block (the connection's send queue paces the line, I5) and may drop a line it cannot queue: the
     * state stays as NAMES and the notifications tell it. Without one, nothing is sent.
     */
    public void setRequestSender(Consumer<IrcMessage> sender) {
        this.requestSender = Objects.requireNonNull(sender, "sender");
    }

    // ---------------------------------------------------------------- the session's side

    /** The connection is registered (its {@code open} returned) and the server knows us as {@code nick}. */
    public void registered(String nick) {
        lock.lock();
        try {
            this.ourNick = Objects.requireNonNull(nick, "nick");
            this.registered = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The user wants to join {@code channel}, asking for {@code requestedNick} as their room nick; call it before
     * sending the JOIN. When we are already in the channel the server will not answer, so the room is reported at
     * once and no JOIN is needed. But when our PART of the channel is still on its way (the user left and came
     * back before its echo), the server will take us out first: the PART stays expected, the join waits for the
     * server's answer to a new JOIN.
     *
     * @return whether the session must send {@code JOIN channel}
     */
    public boolean expectJoin(String channel, String requestedNick) {
        lock.lock();
        try {
            refreshFeatures();
            String key = network.fold(channel);
            Optional<IrcChannel> ch = network.channel(channel);
            if (!pendingParts.contains(key) && ch.isPresent() && ch.get().state() == IrcChannel.State.JOINED) {
                // also the join of a channel we were forwarded to: answered from the held state, no second JOIN
                forwards.remove(key);
                sink.roomJoined(snapshot(ch.get(), requestedNick));
                return false;
            }
            pendingJoins.put(key, new PendingJoin(channel, requestedNick, clock.instant()));
            return true;
        } finally {
            lock.unlock();
            sink.deliverIfFree();
        }
    }

    /**
     * When the JOIN of {@code channel} that the server has not answered yet was sent ({@link #expectJoin}): empty
     * when no join of that channel is on its way (it was answered by the end of NAMES or a refusal, left, or the
     * connection was lost). A stuck join is one whose time stays the same past a deadline.
     */
    public Optional<Instant> pendingJoinSince(String channel) {
        lock.lock();
        try {
            return Optional.ofNullable(pendingJoins.get(network.fold(channel))).map(PendingJoin::since);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server never answered the JOIN of {@code channel} sent at {@code since}: unless it was answered (or
     * sent again) meanwhile, the join is reported failed ({@link RoomJoinFailure#TIMED_OUT}) and forgotten. The
     * server may still put us in later: its JOIN echo and end of NAMES then report the room as joined, which the
     * core honours. Returns whether the failure was reported.
     */
    public boolean joinTimedOut(String channel, Instant since, String text) {
        lock.lock();
        try {
            String key = network.fold(channel);
            PendingJoin pending = pendingJoins.get(key);
            if (pending == null || !pending.since().equals(since)) {
                return false;
            }
            pendingJoins.remove(key);
            sink.roomJoinFailed(new IrcAddress.Channel(server, pending.channel()), pending.requestedNick(),
                    RoomJoinFailure.TIMED_OUT, text);
            return true;
        } finally {
            lock.unlock();
            sink.deliverIfFree();
        }
    }

    /** The session sent {@code PART channel}: a JOIN still on its way is not reported any more. */
    public void expectPart(String channel) {
        lock.lock();
        try {
            String key = network.fold(channel);
            boolean joinOnItsWay = pendingJoins.remove(key) != null;
            if (joinOnItsWay || network.channel(channel).isPresent()) {
                pendingParts.add(key);
            }
            toRejoin.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The connection is gone. The user leaves every room they were in (status 333, {@link Departure.Kind
     * #DISCONNECTED}), joins the user asked for and still on their way fail; the state is cleared, but the rooms
     * the user was in are kept for {@link #channelsToRejoin()} (threat I9) until they are joined again, so a
     * second loss during the rejoin forgets none. Lines sent and not yet echoed are not reflected: we cannot know
     * whether the server relayed them.
     */
    public void connectionLost(String reason) {
        lock.lock();
        try {
            relay.clear();
            for (IrcChannel ch : network.channels()) {
                if (ch.state() == IrcChannel.State.JOINED && !forwards.contains(network.fold(ch.name()))) {
                    toRejoin.put(network.fold(ch.name()), ch.name());
                    sink.occupantLeft(room(ch), ourNick,
                            new Departure(Departure.Kind.DISCONNECTED, Optional.empty(), reason));
                }
            }
            for (Map.Entry<String, PendingJoin> p : pendingJoins.entrySet()) {
                if (!toRejoin.containsKey(p.getKey())) {
                    sink.roomJoinFailed(new IrcAddress.Channel(server, p.getValue().channel()),
                            p.getValue().requestedNick(), RoomJoinFailure.NOT_CONNECTED, reason);
                }
            }
            network.clear();
            pendingJoins.clear();
            pendingParts.clear();
            forwards.clear();
            namesSeen.clear();
            whoisAway.clear();
            requests.clear();
            topicToAnnounce = null;
            registered = false;
        } finally {
            lock.unlock();
            sink.deliver();
        }
    }

    /**
     * The link gave up reconnecting (refused credentials, server no longer allowed): nothing will be rejoined, so
     * every room still to rejoin and every join still waiting fails now ({@link RoomJoinFailure#NOT_CONNECTED}),
     * and neither is kept. Without this, a user's resource would wait for the room for ever.
     */
    public void gaveUp(String reason) {
        lock.lock();
        try {
            Map<String, String> failing = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : toRejoin.entrySet()) {
                failing.put(e.getKey(), e.getValue());
            }
            Map<String, String> nicks = new HashMap<>();
            for (Map.Entry<String, PendingJoin> p : pendingJoins.entrySet()) {
                failing.putIfAbsent(p.getKey(), p.getValue().channel());
                nicks.put(p.getKey(), p.getValue().requestedNick());
            }
            for (Map.Entry<String, String> e : failing.entrySet()) {
                sink.roomJoinFailed(new IrcAddress.Channel(server, e.getValue()),
                        nicks.getOrDefault(e.getKey(), ourNick), RoomJoinFailure.NOT_CONNECTED, reason);
            }
            toRejoin.clear();
            pendingJoins.clear();
        } finally {
            lock.unlock();
            sink.deliverIfFree();
        }
    }

    /**
     * The display names of the channels the user was in when a connection was lost, and has not been
     * reported back in yet (nor left with {@link #expectPart}).
     */
    public Set<String> channelsToRejoin() {
        lock.lock();
        try {
            return Collections.unmodifiableSet(new LinkedHashSet<>(toRejoin.values()));
        } finally {
            lock.unlock();
        }
    }

    /** Our nick on the server now. */
    public String nick() {
        lock.lock();
        try {
            return ourNick;
        } finally {
            lock.unlock();
        }
    }

    /** The channels the user is in (their NAMES complete). */
    public Set<IrcAddress.Channel> joinedChannels() {
        lock.lock();
        try {
            Set<IrcAddress.Channel> out = new LinkedHashSet<>();
            for (IrcChannel ch : network.channels()) {
                if (ch.state() == IrcChannel.State.JOINED) {
                    out.add(room(ch));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the user is in {@code channel} (compared with the server's case mapping). */
    public boolean isJoined(String channel) {
        lock.lock();
        try {
            return network.channel(channel).map(c -> c.state() == IrcChannel.State.JOINED).orElse(false);
        } finally {
            lock.unlock();
        }
    }

    /** The display nick of the member of {@code channel} whose nick folds like {@code nick}, if there is one. */
    public Optional<String> occupantNick(String channel, String nick) {
        lock.lock();
        try {
            return network.channel(channel).flatMap(c -> c.member(network.fold(nick))).map(m -> m.user().nick());
        } finally {
            lock.unlock();
        }
    }

    /** Whether we may kick and set modes in {@code channel}: halfop or higher ({@link IrcRoles#canModerate}). */
    public boolean isOperator(String channel) {
        lock.lock();
        try {
            refreshFeatures();
            return network.channel(channel).flatMap(c -> c.member(network.fold(ourNick)))
                    .map(m -> IrcRoles.canModerate(m.modes(), rules.prefixes())).orElse(false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The session wrote {@code sent} (one PRIVMSG or NOTICE line, as {@code IrcLine.sent()} gives it) for the XMPP
     * stanza {@code xmppStanzaId}. For a channel target the user gets its reflection (XEP-0045 section 7.4) with
     * exactly the text sent (I2: one reflection per line): at once when the server does not echo, or when the
     * echo comes with {@code echo-message} (I10: never twice, never lost). Call it after {@code send} returned the
     * line; an echo read before this call is held a moment and matched here (see {@link IrcEchoQueue}). Other
     * lines are ignored.
     */
    public void sentLine(IrcMessage sent, String xmppStanzaId) {
        lock.lock();
        try {
            refreshFeatures();
            relay.sent(sent, xmppStanzaId, ourNick);
        } catch (RuntimeException e) {
            LOG.warn("could not reflect a line sent to {}: {}", server, e.toString());
        } finally {
            lock.unlock();
            sink.deliverIfFree();
        }
    }

    // ---------------------------------------------------------------- the connection's side

    /** One message from the server, in order; never throws (I7). */
    public void onMessage(IrcMessage m) {
        List<IrcMessage> toSend = List.of();
        lock.lock();
        try {
            refreshFeatures();
            relay.flushStaleOrphans();
            if (topicToAnnounce != null && !isTopicWhoTime(m)) {
                announceTopic();
            }
            dispatch(m);
        } catch (IrcShortLineException e) {
            // I7: a short line costs that line only. The command alone is logged; texts only at TRACE.
            LOG.debug("skipped a {} line from {}: {}", m.command(), server, e.getMessage());
            LOG.trace("the skipped line: {}", m);
        } catch (RuntimeException e) {
            // I7 too, but this is a bug here or in the sink: worth a warning.
            LOG.warn("skipped a {} line from {} that could not be handled: {}", m.command(), server, e.toString());
            LOG.trace("the skipped line: {}", m);
        } finally {
            if (!requests.isEmpty()) {
                toSend = List.copyOf(requests);
                requests.clear();
            }
            lock.unlock();
            // Outside the lock: the sink may wait for the user's mailbox, and the user's actor takes the lock.
            sink.deliver();
        }
        for (IrcMessage line : toSend) {
            try {
                requestSender.accept(line);
            } catch (RuntimeException e) {
                LOG.debug("a {} line for {} was not sent: {}", line.command(), server, e.toString());
            }
        }
    }

    private void dispatch(IrcMessage m) {
        switch (m.command()) {
            case "001" -> welcome(m);
            case "005" -> isupport(m);
            case "JOIN" -> join(m);
            case "PART" -> part(m);
            case "QUIT" -> quit(m);
            case "KICK" -> kick(m);
            case "NICK" -> nickChange(m);
            case "TOPIC" -> topic(m);
            case "MODE" -> mode(m, false);
            case "324" -> mode(m, true);
            case "PRIVMSG", "NOTICE" -> relay.message(m, ourNick, registered);
            case "TAGMSG" -> relay.tagMessage(m, ourNick);
            case "INVITE" -> invite(m);
            case "AWAY" -> away(m);
            case "ACCOUNT" -> account(m);
            case "CHGHOST" -> chghost(m);
            case "SETNAME" -> setname(m);
            case "BATCH" -> relay.batch(m);
            case "331" -> noTopic(m);
            case "332" -> topicReply(m);
            case "333" -> topicWhoTime(m);
            case "353" -> names(m);
            case "366" -> endOfNames(m);
            case "367" -> banList(m);
            case "352" -> IrcWho.whoReply(m).ifPresent(this::whoUser);
            case "354" -> IrcWho.whoxReply(m).ifPresent(this::whoUser);
            case "311", "301", "330", "318" -> {
                whois(m);
                other(m);
            }
            case "375" -> relay.motdStart();
            case "372" -> relay.motdLine(m);
            case "376" -> relay.motdEnd();
            case "404", "408", "492" -> relay.cannotSend(m);
            case "FAIL" -> relay.fail(m);
            case "442" -> notOnChannel(m);
            default -> other(m);
        }
    }

    private void welcome(IrcMessage m) {
        m.param(0).ifPresent(n -> ourNick = n);
        registered = true;
    }

    private void isupport(IrcMessage m) {
        rules.isupport(m);
        network.mapping(rules.caseMapping());
    }

    private void join(IrcMessage m) {
        String channel = required(m, 0);
        IrcSource src = source(m);
        if (isUs(src.name())) {
            IrcChannel ch = network.addChannel(channel);
            if (ch.state() == IrcChannel.State.JOINED) {
                // A repeated echo (a server bug, or a bouncer replaying): the room is already reported.
                return;
            }
            IrcUser self = network.userOrNew(ourNick);
            self.userHost(src.user(), src.host());
            ch.add(network.fold(ourNick), self);
            return;
        }
        Optional<IrcChannel> ch = network.channel(channel);
        if (ch.isEmpty()) {
            return;
        }
        IrcUser user = network.userOrNew(src.name());
        user.userHost(src.user(), src.host());
        if (m.params().size() >= 3) {
            // extended-join: JOIN <channel> <account> :<realname>, "*" for no account.
            user.account(m.params().get(1));
            user.realname(m.params().get(2));
        }
        String key = network.fold(src.name());
        boolean known = ch.get().member(key).isPresent();
        IrcChannel.Member member = ch.get().add(key, user);
        if (ch.get().state() == IrcChannel.State.JOINED && !known) {
            sink.occupantJoined(room(ch.get()), occupant(ch.get(), member));
        }
    }

    private void part(IrcMessage m) {
        String reason = m.param(1).orElse("");
        for (String channel : required(m, 0).split(",")) {
            left(channel, source(m).name(), Departure.left(text.text(reason)));
        }
    }

    private void quit(IrcMessage m) {
        String nick = source(m).name();
        if (isUs(nick)) {
            return;
        }
        Departure departure = Departure.left(text.text(m.param(0).orElse("")));
        for (IrcChannel ch : network.channelsOf(nick)) {
            left(ch.name(), nick, departure);
        }
    }

    private void kick(IrcMessage m) {
        String channel = required(m, 0);
        String target = required(m, 1);
        Optional<IrcChannel> ch = network.channel(channel);
        if (ch.isEmpty()) {
            return;
        }
        Departure.Kind kind = Departure.Kind.KICKED;
        Optional<IrcChannel.Member> member = ch.get().member(network.fold(target));
        if (member.isPresent()) {
            String hostmask = member.get().user().hostmask();
            for (String ban : ch.get().bans()) {
                if (IrcMask.matches(ban, hostmask, network.mapping())) {
                    // A kick that follows a ban of the user's mask is a ban (XEP-0045 section 9.1, status 301).
                    kind = Departure.Kind.BANNED;
                    break;
                }
            }
        }
        String actor = source(m).name();
        left(channel, target, new Departure(kind, Optional.of(actor), text.text(m.param(2).orElse(""))));
    }

    /** {@code nick} is out of {@code channel}; when it is us, we are out of the channel altogether. */
    private void left(String channel, String nick, Departure departure) {
        Optional<IrcChannel> found = network.channel(channel);
        if (found.isEmpty()) {
            return;
        }
        IrcChannel ch = found.get();
        if (isUs(nick)) {
            String key = network.fold(channel);
            boolean expected = pendingParts.remove(key);
            // Our PART echo, and the user already asked to come back: that join is answered by the next JOIN.
            PendingJoin pending = expected ? null : pendingJoins.remove(key);
            boolean rejoining = expected && pendingJoins.containsKey(key);
            network.removeChannel(channel);
            namesSeen.remove(key);
            relay.left(key);
            if (rejoining) {
                return;
            }
            if (ch.state() == IrcChannel.State.JOINED) {
                sink.occupantLeft(room(ch), ourNick, departure);
            } else if (pending != null && !expected) {
                sink.roomJoinFailed(room(ch), pending.requestedNick(),
                        departure.kind() == Departure.Kind.BANNED ? RoomJoinFailure.BANNED
                                : RoomJoinFailure.NOT_ACCEPTABLE, departure.reason());
            }
            return;
        }
        Optional<IrcChannel.Member> gone = ch.remove(network.fold(nick));
        if (gone.isEmpty()) {
            return;
        }
        network.forgetIfAlone(gone.get().user());
        if (ch.state() == IrcChannel.State.JOINED) {
            sink.occupantLeft(room(ch), gone.get().user().nick(), departure);
        }
    }

    private void nickChange(IrcMessage m) {
        String sourceNick = source(m).name();
        String newNick = required(m, 0);
        List<IrcChannel> shared = network.channelsOf(sourceNick);
        // The occupant is known to the user by the display nick we reported, whatever case the server uses now.
        String oldNick = isUs(sourceNick) ? ourNick
                : network.user(sourceNick).map(IrcUser::nick).orElse(sourceNick);
        if (isUs(sourceNick)) {
            ourNick = newNick;
        }
        network.rename(sourceNick, newNick);
        for (IrcChannel ch : shared) {
            if (ch.state() == IrcChannel.State.JOINED) {
                sink.occupantRenamed(room(ch), oldNick, newNick);
            }
        }
    }

    private void topic(IrcMessage m) {
        Optional<IrcChannel> ch = network.channel(required(m, 0));
        if (ch.isEmpty()) {
            return;
        }
        String nick = source(m).name();
        RoomSubject subject = new RoomSubject(text.text(m.param(1).orElse("")), Optional.of(nick),
                Optional.of(IrcMessageRelay.time(m).orElseGet(clock::instant)));
        ch.get().topic(subject);
        if (ch.get().state() == IrcChannel.State.JOINED) {
            sink.subjectChanged(room(ch.get()), nick, subject);
        }
    }

    private void noTopic(IrcMessage m) {
        network.channel(required(m, 1)).ifPresent(ch -> ch.topic(RoomSubject.none()));
    }

    /** RPL_TOPIC: during a join the snapshot carries it; later (a TOPIC query) it is announced after 333. */
    private void topicReply(IrcMessage m) {
        Optional<IrcChannel> ch = network.channel(required(m, 1));
        if (ch.isEmpty()) {
            return;
        }
        ch.get().topic(new RoomSubject(text.text(m.param(2).orElse("")), Optional.empty(), Optional.empty()));
        if (ch.get().state() == IrcChannel.State.JOINED) {
            topicToAnnounce = network.fold(ch.get().name());
        }
    }

    /** RPL_TOPICWHOTIME {@code <client> <channel> <nick> <setat>}: the setter may be a full mask. */
    private void topicWhoTime(IrcMessage m) {
        Optional<IrcChannel> ch = network.channel(required(m, 1));
        if (ch.isEmpty()) {
            return;
        }
        String setter = IrcSource.parse(required(m, 2)).name();
        Optional<Instant> at = Optional.empty();
        try {
            at = m.param(3).map(s -> Instant.ofEpochSecond(Long.parseLong(s.trim())));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            LOG.debug("RPL_TOPICWHOTIME with an unreadable time from {}", server);
        }
        RoomSubject old = ch.get().topic();
        ch.get().topic(new RoomSubject(old.text(), setter.isEmpty() ? Optional.empty() : Optional.of(setter), at));
        if (topicToAnnounce != null && topicToAnnounce.equals(network.fold(ch.get().name()))) {
            announceTopic();
        }
    }

    private boolean isTopicWhoTime(IrcMessage m) {
        return m.command().equals("333");
    }

    private void announceTopic() {
        String key = topicToAnnounce;
        topicToAnnounce = null;
        network.channel(key).ifPresent(ch -> sink.subjectChanged(room(ch),
                ch.topic().setBy().orElse(""), ch.topic()));
    }

    /**
     * MODE on a channel, or RPL_CHANNELMODEIS (324) with {@code fromReply}: membership modes and {@code m} change
     * occupants (announced once per occupant whose role or affiliation changed); {@code b} is remembered.
     *
     * <p>The change itself is shown in the room as the room's own message ({@link #showMode}), before the
     * occupants it changes: IRC users read {@code +m}, {@code +k key}, {@code +b mask}, {@code +l 20} in their
     * channel window, and a MUC has no presence for most of them. Everything in it is what the server shows every
     * member of the channel (a key included).
     */
    private void mode(IrcMessage m, boolean fromReply) {
        int at = fromReply ? 1 : 0;
        String target = required(m, at);
        if (!isChannel(target)) {
            return;
        }
        Optional<IrcChannel> found = network.channel(target);
        if (found.isEmpty()) {
            if (fromReply) {
                // The reply to a raw MODE query of a channel we are not in.
                modeText(m, at).ifPresent(modes -> relay.serverText(target + " modes: " + modes));
            }
            return;
        }
        IrcChannel ch = found.get();
        showMode(ch, m, fromReply);
        List<IrcModeChange> changes = IrcModeChange.parse(m.params().subList(at + 1, m.params().size()),
                rules.prefixes(), rules.channelModes());
        // The occupants as they were, for those the changes may touch: everyone when +m/-m is among them.
        Map<IrcChannel.Member, Occupant> before = new LinkedHashMap<>();
        boolean everyone = changes.stream().anyMatch(c -> c.mode() == 'm');
        for (IrcChannel.Member member : ch.members()) {
            if (everyone || changes.stream().anyMatch(c -> rules.prefixes().isPrefixMode(c.mode())
                    && network.fold(c.param().orElse("")).equals(network.fold(member.user().nick())))) {
                before.put(member, occupant(ch, member));
            }
        }
        for (IrcModeChange c : changes) {
            if (rules.prefixes().isPrefixMode(c.mode())) {
                ch.member(network.fold(c.param().orElse(""))).ifPresent(mem -> mem.mode(c.mode(), c.adding()));
            } else if (c.mode() == 'm') {
                ch.moderated(c.adding());
            } else if (c.mode() == 'b' && c.param().isPresent()) {
                if (c.adding()) {
                    ch.addBan(c.param().get());
                } else {
                    ch.removeBan(c.param().get(), network.mapping());
                }
            }
        }
        if (ch.state() != IrcChannel.State.JOINED) {
            return;
        }
        for (Map.Entry<IrcChannel.Member, Occupant> e : before.entrySet()) {
            Occupant now = occupant(ch, e.getKey());
            if (!now.equals(e.getValue())) {
                sink.occupantChanged(room(ch), now);
            }
        }
    }

    /**
     * A MODE line as {@code juliet sets mode: +o-v nurse nurse}, from the room (Biboumi shows modes alike). The
     * channel's modes (324) are shown in the room once per join, when the server sends them; a later 324 answers
     * a query the user sent as a raw command, so it comes from the server like other replies.
     */
    private void showMode(IrcChannel ch, IrcMessage m, boolean fromReply) {
        Optional<String> modes = modeText(m, fromReply ? 1 : 0);
        if (modes.isEmpty()) {
            return;
        }
        if (!fromReply) {
            String setter = m.source().map(IrcSource::name).filter(n -> !n.isEmpty()).orElse(server);
            relay.roomText(room(ch), setter + " sets mode: " + modes.get(), m);
        } else if (!ch.modesShown()) {
            ch.modesShown(true);
            relay.roomText(room(ch), "Channel modes: " + modes.get(), m);
        } else {
            relay.serverText(ch.name() + " modes: " + modes.get());
        }
    }

    /** The mode string and its arguments after the channel (parameter {@code at}); empty when there is none. */
    private static Optional<String> modeText(IrcMessage m, int at) {
        List<String> p = m.params();
        if (p.size() <= at + 1 || p.get(at + 1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(" ", p.subList(at + 1, p.size())));
    }

    /** RPL_BANLIST {@code <client> <channel> <mask> ...}: the user (or the session) asked for the list. */
    private void banList(IrcMessage m) {
        network.channel(required(m, 1)).ifPresent(ch -> {
            String mask = required(m, 2);
            ch.removeBan(mask, network.mapping());
            ch.addBan(mask);
        });
    }

    /**
     * RPL_NAMREPLY {@code <client> <symbol> <channel> :[prefix]<nick>{ [prefix]<nick>}}; with multi-prefix every
     * prefix is listed, with userhost-in-names each entry is a full mask. During our join the members are
     * collected for the snapshot; for a channel already joined (a NAMES refresh) the list is reconciled at 366.
     */
    private void names(IrcMessage m) {
        List<String> p = m.params();
        if (p.size() < 3) {
            LOG.debug("short RPL_NAMREPLY from {}", server);
            return;
        }
        // Some old servers omit the channel symbol.
        String channel = isChannel(p.get(p.size() - 2)) ? p.get(p.size() - 2) : p.get(1);
        Optional<IrcChannel> found = network.channel(channel);
        if (found.isEmpty()) {
            return;
        }
        IrcChannel ch = found.get();
        boolean refresh = ch.state() == IrcChannel.State.JOINED;
        Set<String> seen = namesSeen.computeIfAbsent(network.fold(ch.name()), k -> new HashSet<>());
        for (String entry : p.get(p.size() - 1).split(" ")) {
            if (entry.isEmpty()) {
                continue;
            }
            int i = 0;
            List<Character> modes = new ArrayList<>();
            while (i < entry.length() && rules.prefixes().isSymbol(entry.charAt(i))) {
                rules.prefixes().modeOf(entry.charAt(i)).ifPresent(modes::add);
                i++;
            }
            IrcSource who = IrcSource.parse(entry.substring(i));
            if (who.name().isEmpty()) {
                continue;
            }
            String key = network.fold(who.name());
            seen.add(key);
            boolean known = ch.member(key).isPresent();
            IrcUser user = network.userOrNew(who.name());
            user.userHost(who.user(), who.host());
            IrcChannel.Member member = ch.add(key, user);
            Occupant before = occupant(ch, member);
            member.modes(modes);
            if (refresh && !known) {
                sink.occupantJoined(room(ch), occupant(ch, member));
            } else if (refresh && !before.equals(occupant(ch, member))) {
                sink.occupantChanged(room(ch), occupant(ch, member));
            }
        }
    }

    private void endOfNames(IrcMessage m) {
        Optional<IrcChannel> found = network.channel(required(m, 1));
        if (found.isEmpty()) {
            return;
        }
        IrcChannel ch = found.get();
        String key = network.fold(ch.name());
        Set<String> seen = namesSeen.remove(key);
        if (ch.state() == IrcChannel.State.JOINING) {
            if (pendingParts.contains(key)) {
                // The user left before the join completed: they are never told about this room. A join asked for
                // after that leave stays pending: it is answered after our PART, by the JOIN sent for it.
                return;
            }
            PendingJoin pending = pendingJoins.remove(key);
            ch.state(IrcChannel.State.JOINED);
            toRejoin.remove(key);
            if (pending == null && forwards.contains(key)) {
                return; // the channel a join was forwarded to: held until the user joins it (see forwarded)
            }
            forwards.remove(key);
            sink.roomJoined(snapshot(ch, pending == null ? ourNick : pending.requestedNick()));
            relay.joined(key);
            if (rules.has("away-notify") || rules.has("account-notify") && rules.whox()) {
                // away-notify: "execute WHO when joining a channel to capture the current away state"; WHOX adds
                // the accounts, which account-notify only tells when they change.
                requests.add(IrcWho.query(ch.name(), rules.whox()));
            }
            return;
        }
        if (seen == null) {
            return;
        }
        // A NAMES refresh: whoever it did not list has left without us seeing it (a desync, or a netsplit).
        for (IrcChannel.Member member : ch.members()) {
            String memberKey = network.fold(member.user().nick());
            if (!seen.contains(memberKey) && !isUs(member.user().nick())) {
                left(ch.name(), member.user().nick(), Departure.left(""));
            }
        }
    }

    private void invite(IrcMessage m) {
        String invited = required(m, 0);
        String channel = required(m, 1);
        if (!isUs(invited)) {
            // invite-notify: someone else was invited to a channel we are in; nothing for the user.
            return;
        }
        sink.invitationReceived(new IrcAddress.Channel(server, channel),
                new IrcAddress.User(server, source(m).name()), "");
    }

    private void away(IrcMessage m) {
        String nick = source(m).name();
        Optional<String> message = m.param(0);
        updateUser(nick, u -> u.away(message.isPresent(), message.map(text::text).orElse("")));
    }

    private void account(IrcMessage m) {
        String account = required(m, 0);
        updateUser(source(m).name(), u -> u.account(account));
    }

    /** A WHO reply line: user and host, real name quietly; away state and account as occupant changes. */
    private void whoUser(IrcWho.Reply r) {
        Optional<IrcUser> known = network.user(r.nick());
        if (known.isEmpty()) {
            return;
        }
        known.get().userHost(r.user(), r.host());
        if (!r.realname().isEmpty()) {
            known.get().realname(r.realname());
        }
        updateUser(r.nick(), u -> {
            if (u.away() != r.away()) {
                // WHO tells whether, not why: the reason stays unknown until an AWAY or a WHOIS tells it.
                u.away(r.away(), "");
            }
            r.account().ifPresent(u::account);
        });
    }

    /**
     * The WHOIS replies that tell state (Modern IRC, "WHOIS message"): 311 starts one, 301 says the user is away
     * and why, 330 gives the account, 318 ends it; a WHOIS that ended without 301 says the user is not away.
     * Only users who share a channel with us change; the replies are shown as well (the user asked for them).
     */
    private void whois(IrcMessage m) {
        switch (m.command()) {
            case "311" -> IrcWho.whoisUser(m).ifPresent(r -> {
                whoisAway.put(network.fold(r.nick()), false);
                network.user(r.nick()).ifPresent(u -> {
                    u.userHost(r.user(), r.host());
                    u.realname(r.realname());
                });
            });
            case "301" -> {
                String nick = required(m, 1);
                String message = text.text(m.param(2).orElse(""));
                whoisAway.computeIfPresent(network.fold(nick), (k, v) -> true);
                updateUser(nick, u -> u.away(true, message));
            }
            case "330" -> {
                String account = required(m, 2);
                updateUser(required(m, 1), u -> u.account(account));
            }
            default -> {
                String nick = required(m, 1);
                if (Boolean.FALSE.equals(whoisAway.remove(network.fold(nick)))) {
                    updateUser(nick, u -> {
                        if (u.away()) {
                            u.away(false, "");
                        }
                    });
                }
            }
        }
    }

    private void chghost(IrcMessage m) {
        IrcSource src = source(m);
        String newUser = required(m, 0);
        String newHost = required(m, 1);
        network.user(src.name()).ifPresent(u -> u.userHost(newUser, newHost));
    }

    private void setname(IrcMessage m) {
        String realname = required(m, 0);
        network.user(source(m).name()).ifPresent(u -> u.realname(realname));
    }

    /** Applies {@code change} to a user and tells every joined channel they are in whose occupant changed. */
    private void updateUser(String nick, Consumer<IrcUser> change) {
        Optional<IrcUser> user = network.user(nick);
        if (user.isEmpty()) {
            return;
        }
        List<IrcChannel> shared = network.channelsOf(nick);
        Map<IrcChannel, Occupant> before = new LinkedHashMap<>();
        for (IrcChannel ch : shared) {
            ch.member(network.fold(nick)).ifPresent(mem -> before.put(ch, occupant(ch, mem)));
        }
        change.accept(user.get());
        for (Map.Entry<IrcChannel, Occupant> e : before.entrySet()) {
            IrcChannel ch = e.getKey();
            if (ch.state() != IrcChannel.State.JOINED) {
                continue;
            }
            Optional<IrcChannel.Member> mem = ch.member(network.fold(nick));
            if (mem.isPresent()) {
                Occupant now = occupant(ch, mem.get());
                if (!now.equals(e.getValue())) {
                    sink.occupantChanged(room(ch), now);
                }
            }
        }
    }

    /** ERR_NOTONCHANNEL: the server holds that we are not in the channel; our state follows it. */
    private void notOnChannel(IrcMessage m) {
        String channel = required(m, 1);
        String key = network.fold(channel);
        if (network.channel(channel).isPresent()) {
            left(channel, ourNick, Departure.left(""));
        } else if (!pendingParts.remove(key)) {
            relay.showNumeric(m);
        }
    }

    private void other(IrcMessage m) {
        if (!m.isNumeric()) {
            LOG.debug("ignored a {} line from {}", m.command(), server);
            return;
        }
        String numeric = m.command();
        if (numeric.equals(IrcNumerics.ERR_LINKCHANNEL) && forwarded(m)) {
            return;
        }
        Optional<RoomJoinFailure> failure = IrcNumerics.joinFailure(numeric);
        if (failure.isPresent() && m.params().size() >= 2) {
            PendingJoin pending = pendingJoins.remove(network.fold(m.params().get(1)));
            if (pending != null) {
                sink.roomJoinFailed(new IrcAddress.Channel(server, pending.channel()), pending.requestedNick(),
                        failure.get(), text.text(IrcNumerics.trailing(m)));
                return;
            }
            if (numeric.equals("477") || numeric.equals("489")) {
                // Not about a join of ours: a line to a channel we are in refused (registered nick, TLS only).
                relay.cannotSend(m);
                return;
            }
        }
        if (IrcNumerics.isNickFailure(numeric) && !isChannel(m.param(1).orElse(""))) {
            // A refused NICK after registration (before it, the connection picks another nick itself). XMPP has
            // no fact for a refused room nick change, so the user reads it from the server.
            if (registered) {
                relay.serverText("Cannot change your nick to " + m.param(1).orElse("") + ": "
                        + IrcNumerics.trailing(m));
            }
            return;
        }
        if (IrcNumerics.isShown(numeric)) {
            relay.showNumeric(m);
        } else {
            LOG.debug("numeric {} from {} not shown", numeric, server);
        }
    }

    // ---------------------------------------------------------------- helpers

    private RoomSnapshot snapshot(IrcChannel ch, String requestedNick) {
        List<Occupant> occupants = new ArrayList<>();
        for (IrcChannel.Member member : ch.members()) {
            occupants.add(occupant(ch, member));
        }
        return new RoomSnapshot(room(ch), ourNick, !ourNick.equals(requestedNick), occupants, ch.topic());
    }

    private Occupant occupant(IrcChannel ch, IrcChannel.Member member) {
        IrcUser u = member.user();
        return new Occupant(u.nick(), IrcRoles.role(member.modes(), rules.prefixes(), ch.moderated()),
                IrcRoles.affiliation(member.modes(), rules.prefixes()),
                Optional.of(new IrcAddress.User(server, u.nick())), u.account(), u.away(), u.awayMessage());
    }

    private IrcAddress.Channel room(IrcChannel ch) {
        return new IrcAddress.Channel(server, ch.name());
    }

    private boolean isUs(String nick) {
        return !ourNick.isEmpty() && network.mapping().same(nick, ourNick);
    }

    private boolean isChannel(String name) {
        return rules.isChannel(name);
    }

    private IrcSource source(IrcMessage m) {
        return m.source().orElseThrow(() -> new IrcShortLineException("no source"));
    }

    private static String required(IrcMessage m, int index) {
        return IrcMessageRelay.required(m, index);
    }

    /** Re-reads the server's rules, which the connection may have updated since the last line. */
    private void refreshFeatures() {
        rules.refresh();
        network.mapping(rules.caseMapping());
    }

    /**
     * ERR_LINKCHANNEL {@code 470 <client> <from> <to> :Forwarding to another channel} (InspIRCd's and Solanum's
     * channel forward, mode {@code +L}/{@code +f}): the server did not let us into {@code from} and puts us into
     * {@code to} instead; its JOIN of {@code to} follows. The user's join of {@code from} fails with the XMPP
     * {@code redirect} error naming {@code to} (RFC 6120 section 8.3.3.14, through
     * {@link XmppSink#roomRedirected}); {@code to} is held joined without being reported as a room, so that a
     * join of it by the user is answered from what we hold with no second JOIN ({@link #expectJoin}); the link
     * parts it when the user has not joined it within the join timeout ({@link #unclaimedForward}). Returns false
     * (an ordinary refusal) when no join of ours is waiting for {@code from} or {@code to} is not a channel.
     */
    private boolean forwarded(IrcMessage m) {
        if (m.params().size() < 3 || !isChannel(m.params().get(2))) {
            return false;
        }
        String to = m.params().get(2);
        PendingJoin pending = pendingJoins.remove(network.fold(m.params().get(1)));
        if (pending == null) {
            return false;
        }
        Optional<IrcChannel> already = network.channel(to);
        if (already.isEmpty() || already.get().state() != IrcChannel.State.JOINED) {
            // (a channel the user is in already stays a room of theirs, never parted for them)
            forwards.add(network.fold(to));
        }
        String reason = m.params().size() > 3 ? text.text(IrcNumerics.trailing(m)) : "";
        sink.roomRedirected(new IrcAddress.Channel(server, pending.channel()), pending.requestedNick(),
                new IrcAddress.Channel(server, to), pending.channel() + " forwards to " + to
                        + (reason.isBlank() ? "" : " (" + reason + ")") + "; join " + to + " instead");
        return true;
    }

    /**
     * Whether {@code channel} is a channel we were forwarded to (470) that the user has still not joined; it is
     * forgotten as a forward either way, so the caller (the link, after the join timeout) parts it at most once.
     */
    public boolean unclaimedForward(String channel) {
        lock.lock();
        try {
            String key = network.fold(channel);
            return forwards.remove(key) && network.channel(channel).isPresent() && !pendingParts.contains(key);
        } finally {
            lock.unlock();
        }
    }

    private record PendingJoin(String channel, String requestedNick, Instant since) {
    }
}
