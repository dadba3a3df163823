package im.switchboard.core;

import im.switchboard.core.access.AccessPolicy;
import im.switchboard.core.caps.Caps;
import im.switchboard.core.commands.AdHocCommand;
import im.switchboard.core.commands.AdminCommands;
import im.switchboard.core.commands.BridgeCommands;
import im.switchboard.core.commands.CommandsHandler;
import im.switchboard.core.commands.UserCommands;
import im.switchboard.core.disco.DiscoHandlers;
import im.switchboard.core.disco.DiscoInfo;
import im.switchboard.core.disco.DiscoItem;
import im.switchboard.core.disco.Features;
import im.switchboard.core.disco.Identity;
import im.switchboard.core.gateway.GatewayPromptHandler;
import im.switchboard.core.history.InMemoryRoomHistory;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.link.LinkListener;
import im.switchboard.core.link.StanzaOutput;
import im.switchboard.core.muc.MucArchiveHandler;
import im.switchboard.core.muc.MucIqHandlers;
import im.switchboard.core.ping.PingHandler;
import im.switchboard.core.register.RateLimiter;
import im.switchboard.core.register.RegisterHandler;
import im.switchboard.core.register.Registrar;
import im.switchboard.core.routing.IqHandler;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.routing.PendingRequests;
import im.switchboard.core.routing.StanzaRouter;
import im.switchboard.core.routing.Target;
import im.switchboard.core.session.ContactJids;
import im.switchboard.core.session.GatewayPresences;
import im.switchboard.core.session.SavedRooms;
import im.switchboard.core.session.SessionManager;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.BridgeContext;
import im.switchboard.core.spi.BridgeInfo;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.stats.Counters;
import im.switchboard.core.stats.GatewayStatistics;
import im.switchboard.core.version.VersionHandler;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * Everything behind the XEP-0114 link for one component domain: routing, access control (THREATS X2), the core
 * services (XEP-0030, XEP-0092, XEP-0199, XEP-0115), in-band registration (XEP-0077), {@code jabber:iq:gateway}
 * (XEP-0100 section 6.3), ad-hoc commands (XEP-0050) and the users' legacy sessions (XEP-0100).
 *
 * <h2>Lifecycle</h2>
 * <pre>{@code
 * GatewayComponent component = new GatewayComponent(bridge, registrations, settings);
 * component.addIqHandler(...);                  // optional, before start; XEP-0077, jabber:iq:gateway and
 *                                               // XEP-0050 are built in
 * ComponentLink link = new ComponentLink(linkSettings, component);   // the link calls this LinkListener
 * component.start(link);                        // the link is the StanzaOutput; bridge.start() runs here
 * link.start();                                 // connect; linkUp() follows each handshake
 * ...
 * component.close();                            // C2: unavailable to every online user, sessions closed
 * link.close();
 * }</pre>
 * The link and the component refer to each other, so the output is given at {@link #start(StanzaOutput)}
 * rather than to the constructor. {@link #start} must run before the link connects; stanzas that arrive before
 * it are dropped and logged. Idempotent {@code start} and {@code close}.
 *
 * <h2>Threading</h2>
 * {@link #packetReceived}, {@link #linkUp} and {@link #linkDown} run on the link's reader thread and never
 * block: user work goes to per-user actors, and the presence probes of {@code linkUp} go out from a virtual
 * thread. {@code start} and {@code close} are for the application's lifecycle thread. The access check looks the
 * sender up with {@link RegistrationStore#find} on the reader thread, so the store must answer from memory (a
 * database-backed store keeps a cache).
 */
public final class GatewayComponent implements LinkListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);

    private enum State { NEW, STARTED, CLOSED }

    private final Bridge bridge;
    private final RegistrationStore registrations;
    private final GatewaySettings settings;
    private final String domain;
    private final Counters counters = new Counters();
    private final Outbox outbox;
    private final IqHandlers iqHandlers = new IqHandlers();
    private final PendingRequests pending;
    private final Set<String> extraFeatures = new LinkedHashSet<>();
    private final AccessPolicy access;
    private final GatewayPresences presences;
    private final SessionManager sessions;
    private final RoomHistory history;
    private final StanzaRouter router;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Optional<RoomHistory> ownedHistory;
    private final Registrar registrar;
    /** The rooms each always-on user should have stored: the latest wins, whatever order the writes run in. */
    private final ConcurrentMap<String, PendingRooms> roomsToStore = new ConcurrentHashMap<>();
    private final AtomicBoolean keptSessionsOpened = new AtomicBoolean();
    private volatile State state = State.NEW;
    private volatile DiscoInfo discoInfo;
    private volatile Caps caps;

    /**
     * @param bridge        the legacy network this domain serves
     * @param registrations the bridge's registrations
     * @param settings      the domain and limits
     */
    public GatewayComponent(Bridge bridge, RegistrationStore registrations, GatewaySettings settings) {
        this(bridge, registrations, settings, Optional.empty());
    }

    /**
     * @param bridge        the legacy network this domain serves
     * @param registrations the bridge's registrations
     * @param settings      the domain and limits
     * @param roomHistory   where room messages are remembered for the history of later joins (XEP-0045 section
     *                      7.2.14); owned by the caller, who closes it after this component
     */
    public GatewayComponent(Bridge bridge, RegistrationStore registrations, GatewaySettings settings,
            RoomHistory roomHistory) {
        this(bridge, registrations, settings, Optional.of(roomHistory));
    }

    private GatewayComponent(Bridge bridge, RegistrationStore registrations, GatewaySettings settings,
            Optional<RoomHistory> givenHistory) {
        // Without a store from the application, history lives in memory and this component owns it.
        this.ownedHistory = givenHistory.isEmpty() ? Optional.of(new InMemoryRoomHistory()) : Optional.empty();
        RoomHistory roomHistory = givenHistory.orElseGet(ownedHistory::orElseThrow);
        this.history = roomHistory;
        this.bridge = Objects.requireNonNull(bridge, "bridge");
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.domain = AccessPolicy.normaliseDomain(settings.domain());
        this.outbox = new Outbox(counters, settings.backpressureTimeout());
        this.pending = new PendingRequests(settings.iqTimeout());
        this.access = new AccessPolicy(settings.allowedDomains(), registrations);
        ContactJids contacts = new ContactJids(domain, bridge.addressCodec());
        this.presences = new GatewayPresences(domain, this::caps);
        this.sessions = SessionManager.builder(bridge, settings).contacts(contacts).presences(presences)
                .outbox(outbox).counters(counters).stillRegistered(user -> registrations.find(user).isPresent())
                .history(roomHistory).roomMemory(this::rememberRooms).build();
        this.router = new StanzaRouter(domain, access, bridge.addressCodec(), iqHandlers, pending, sessions, outbox,
                settings.iqTimeout());
        this.registrar = new Registrar(bridge, registrations,
                new RateLimiter(settings.registrationLimits()), presences, outbox::send, this::endSessionAndForget,
                task -> Thread.ofVirtual().name("registration-" + domain).start(task),
                settings.iqTimeout().multipliedBy(3).dividedBy(4), sessions::registrationChanged);
        new RegisterHandler(registrar).registerWith(iqHandlers);
        new GatewayPromptHandler(domain, bridge.addressCodec()).registerWith(iqHandlers);
        List<AdHocCommand> commandList = new ArrayList<>(UserCommands.all(registrar));
        commandList.addAll(AdminCommands.all(registrar, this::statistics));
        commandList.addAll(BridgeCommands.all(bridge.commands(), registrar));
        CommandsHandler commands = new CommandsHandler(commandList, settings::isAdmin);
        commands.registerWith(iqHandlers);
        // XEP-0077 section 10 / XEP-0100 section 5.1, XEP-0100 section 6.3 and XEP-0050 section 2.1: advertised.
        extraFeatures.addAll(List.of(RegisterHandler.NAMESPACE, GatewayPromptHandler.NAMESPACE,
                CommandsHandler.NAMESPACE));
        MucIqHandlers rooms = new MucIqHandlers(sessions::askRooms, sessions::askGuestRooms,
                sessions::listGuestRooms, bridge.capabilities());
        rooms.registerWith(iqHandlers);
        // XEP-0313 section 6: each user's archive of a room, from the room history.
        MucArchiveHandler archives = new MucArchiveHandler(roomHistory, contacts::toJid, sessions::acceptsGuests,
                bridge.capabilities(), outbox);
        archives.registerWith(iqHandlers);
        new DiscoHandlers(this::discoInfo, () -> caps().discoNode(), bridge.capabilities())
                .withRooms(room -> archives.roomInfo(rooms.info(room)), rooms::listsRooms, rooms::listRooms)
                .withItemsNode(CommandsHandler.NAMESPACE, request -> commands.itemsFor(request.sender()).stream()
                        .map(item -> new DiscoItem(domain, Optional.of(item.node()), item.name())).toList())
                .withNodeInfo((node, request) -> commands.nodeInfo(node, request.sender()))
                // XEP-0050 section 2.2 on legacy entities: a bridge's commands on, say, an IRC server's JID.
                .withContactItemsNode(CommandsHandler.NAMESPACE, request -> commands.itemsFor(request.sender(),
                        request.contact()).stream().map(item -> new DiscoItem(request.iq().getTo().toBareJID(),
                        Optional.of(item.node()), item.name())).toList())
                .withContactNodeInfo((node, request) -> commands.nodeInfo(node, request.sender(),
                        request.contact()))
                .withContactExtraFeatures(request -> commands.offersCommandsOn(request.contact())
                        ? Set.of(CommandsHandler.NAMESPACE) : Set.of())
                .registerWith(iqHandlers);
        new VersionHandler(settings.softwareVersion(), settings.operatingSystem()).registerWith(iqHandlers);
        PingHandler.registerWith(iqHandlers, rooms::ping);
    }

    /**
     * Add an IQ handler (for example XEP-0077 registration on the domain). Before {@link #start} only.
     *
     * @param advertise whether {@code namespace} is a feature to list in disco#info (and so in the caps hash)
     */
    public void addIqHandler(Target target, String namespace, IQ.Type type, IqHandler handler, boolean advertise) {
        lifecycle.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("IQ handlers are added before start");
            }
            iqHandlers.register(target, namespace, type, handler);
            if (advertise && target == Target.DOMAIN) {
                extraFeatures.add(namespace);
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Bind the link and start the bridge ({@code bridge.start(new BridgeContext(domain))}, once). Fixes the
     * disco#info and the XEP-0115 hash.
     *
     * @throws LegacyException when the bridge cannot acquire its shared resources; the component stays unstarted
     */
    public void start(StanzaOutput output) throws LegacyException {
        lifecycle.lock();
        try {
            if (state != State.NEW) {
                return;
            }
            DiscoInfo info = gatewayInfo(bridge.info());
            this.discoInfo = info;
            this.caps = Caps.of(settings.capsNode(), info);
            outbox.bind(output);
            bridge.start(new BridgeContext(domain));
            state = State.STARTED;
            LOG.info("gateway {} started for bridge {} (caps ver {})", domain, bridge.info().id(), caps.ver());
        } finally {
            lifecycle.unlock();
        }
    }

    private DiscoInfo gatewayInfo(BridgeInfo info) {
        // XEP-0100 section 5.1 / XEP-0030 section 3.1: a gateway identifies as gateway/<legacy service type>.
        List<Identity> identities = new ArrayList<>();
        identities.add(Identity.of("gateway", info.identityType(), info.name()));
        if (bridge.capabilities().contains(Capability.ROOMS)) {
            // XEP-0045 section 6.1: a service hosting rooms identifies as conference/text as well.
            identities.add(Identity.of("conference", "text", info.name()));
        }
        return new DiscoInfo(identities, Features.forGateway(bridge.capabilities(), extraFeatures));
    }

    @Override
    public void packetReceived(Packet packet) {
        if (state != State.STARTED) {
            LOG.warn("{} dropped: the component is {}", packet.getElement().getName(), state);
            return;
        }
        try {
            router.route(packet);
        } catch (RuntimeException e) {
            // The reader thread serves every user of the domain: one bad stanza must not stop it.
            LOG.error("routing failed for a {} from {}", packet.getElement().getName(), packet.getFrom(), e);
        }
    }

    /**
     * XEP-0100 section 6 (business rules) and THREATS X8: after every handshake, probe each registered user of a
     * served domain; their servers answer with the users' current presence, which logs them in again.
     */
    @Override
    public void linkUp() {
        if (state != State.STARTED) {
            return;
        }
        if (keptSessionsOpened.compareAndSet(false, true)) {
            // Always-on sessions (Bridge.keepsSessionOpen) open once, after the first handshake: what their
            // connections report can reach the users from then on, and a user who is offline gets nothing.
            Thread.ofVirtual().name("always-on-" + domain).start(
                    () -> sessions.openKeptSessions(registrations.all()));
        }
        Thread.ofVirtual().name("presence-probes-" + domain).start(this::probeRegisteredUsers);
    }

    /**
     * Store the rooms a kept-open session remembers (see {@link SavedRooms}, room keys included), off the user's
     * actor. The amendments of one user may run in any order (each on its own virtual thread, then in lock order):
     * each stores the latest rooms given, and one that finds none waiting comes after the amendment that stored
     * the latest already, so it changes nothing (falling back to its own, older rooms would undo a newer write).
     */
    private void rememberRooms(String user, SavedRooms rooms) {
        PendingRooms pending = new PendingRooms(rooms);
        roomsToStore.put(user, pending);
        registrar.amend(user, current -> {
            PendingRooms latest = roomsToStore.get(user);
            return latest == null ? current : latest.rooms.applyTo(current);
        })
                .whenComplete((stored, failure) -> {
                    // Only this write's own entry: a newer one (even with equal rooms) is still to be stored.
                    roomsToStore.remove(user, pending);
                    if (failure != null) {
                        LOG.warn("the rooms of {} could not be remembered: {}", user, failure.getMessage());
                    }
                });
    }

    /** Rooms waiting to be stored; compared by identity, so that each write removes only its own entry. */
    private static final class PendingRooms {
        private final SavedRooms rooms;

        private PendingRooms(SavedRooms rooms) {
            this.rooms = rooms;
        }
    }

    private void probeRegisteredUsers() {
        JID from = new JID(null, domain, null);
        for (Registration registration : registrations.all()) {
            JID user = new JID(registration.user());
            if (state != State.STARTED) {
                return;
            }
            if (!access.isAllowedDomain(user.getDomain())) {
                continue;
            }
            outbox.sendWithBackpressure(presences.ofType(Presence.Type.probe, from, user.asBareJID()));
        }
    }

    @Override
    public void linkDown(String reason) {
        LOG.info("link of {} down: {}", domain, reason);
    }

    /**
     * Send an IQ request; the future completes with its {@code result} or {@code error} (RFC 6120 section
     * 8.2.3), or fails with a timeout. The request gets a fresh id.
     */
    public CompletableFuture<IQ> sendRequest(IQ request) {
        request.setFrom(new JID(null, domain, null));
        CompletableFuture<IQ> answer = pending.register(request);
        if (outbox.send(request) != im.switchboard.core.link.SendResult.QUEUED) {
            pending.cancel(request);
        }
        return answer;
    }

    /**
     * End a user's legacy session from the gateway's side, for example after they unregistered (THREATS G6): the
     * session is closed on the user's actor and an online user gets unavailable presence with {@code reason}.
     *
     * @param user the normalised bare JID
     * @return whether the request was queued ({@code false}: no such user, shutting down, or mailbox full)
     */
    public boolean endSession(String user, String reason) {
        return sessions.endSession(user, reason);
    }

    /** Unregistration (THREATS G6): the legacy session ends and the user's room history is deleted. */
    private boolean endSessionAndForget(String user, String reason) {
        boolean ended = sessions.endSession(user, reason);
        // UserSessions never blocks; deleting waits for the history's writer, so it runs on its own thread.
        Thread.ofVirtual().name("forget-history").start(() -> {
            try {
                history.forget(user);
            } catch (RuntimeException e) {
                LOG.warn("the room history of an unregistered user could not be deleted: {}", e.getMessage());
            }
        });
        return ended;
    }

    /** The room history this component replays on joins. */
    public RoomHistory roomHistory() {
        return history;
    }

    /** The gateway's disco#info (fixed at start). */
    public DiscoInfo discoInfo() {
        DiscoInfo info = discoInfo;
        return info != null ? info : gatewayInfo(bridge.info());
    }

    /** The gateway's XEP-0115 capabilities (fixed at start). */
    public Caps caps() {
        Caps c = caps;
        return c != null ? c : Caps.of(settings.capsNode(), discoInfo());
    }

    /** The component domain, normalised. */
    public String domain() {
        return domain;
    }

    /** The users with at least one available resource. */
    public Set<String> onlineUsers() {
        return sessions.onlineUsers();
    }

    /** How many user actors hold a thread now. */
    public int runningActors() {
        return sessions.runningActors();
    }

    /** A snapshot of the counters. */
    public GatewayStatistics statistics() {
        return counters.snapshot();
    }

    /**
     * C2 graceful shutdown: unavailable presence from the gateway to every online user, every legacy session
     * closed, the bridge stopped. Idempotent. The link stays open (the application closes it afterwards, so
     * these presences get out).
     */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            boolean started = state == State.STARTED;
            state = State.CLOSED;
            sessions.closeAll(settings.shutdownTimeout());
            ownedHistory.ifPresent(RoomHistory::close);
            if (started) {
                try {
                    bridge.stop();
                } catch (RuntimeException e) {
                    LOG.warn("bridge {} failed to stop", bridge.info().id(), e);
                }
            }
            LOG.info("gateway {} closed", domain);
        } finally {
            lifecycle.unlock();
        }
    }
}
