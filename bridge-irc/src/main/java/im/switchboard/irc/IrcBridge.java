package im.switchboard.irc;

import im.switchboard.config.Config;
import im.switchboard.config.Section;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.BridgeCommand;
import im.switchboard.core.spi.BridgeContext;
import im.switchboard.core.spi.BridgeInfo;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.irc.address.IrcAddressCodec;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.command.ConfigureCommand;
import im.switchboard.irc.connection.IrcConnector;
import im.switchboard.irc.ident.IdentServer;
import im.switchboard.irc.ident.IdentTable;
import im.switchboard.irc.session.IrcSession;
import im.switchboard.irc.session.IrcUserServerSettings;
import im.switchboard.irc.session.ReconnectScheduler;
import im.switchboard.irc.session.SessionEnvironment;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IRC bridge: channels as XEP-0045 rooms, IRC users as contacts, Biboumi's address grammar
 * ({@code #chan%irc.example.net}, {@code nick%irc.example.net}, {@code irc.example.net}).
 *
 * <p>Lifecycle (SPI): {@link #configure} reads {@link IrcSettings} (the allow-list, THREATS I4), {@link #start}
 * builds the shared {@link IrcConnector}, {@link #openSession} gives each user an {@link IrcSession}. Without
 * {@code configure} the bridge runs with {@link IrcSettings#defaults()}: no server is allow-listed.
 */
public final class IrcBridge implements Bridge {

    /** The network id: the {@code [components.NAME]} bridge name and disco identity type. */
    public static final String ID = "irc";

    private static final Logger LOG = LoggerFactory.getLogger(IrcBridge.class);

    private final IrcConnectorFactory connectors;
    private final ReconnectScheduler scheduler;
    private final Clock clock;
    private final Supplier<RandomGenerator> randoms;
    private volatile IrcSettings settings = IrcSettings.defaults();
    private volatile IrcAddressCodec codec = new IrcAddressCodec();
    private volatile IrcConnector connector;
    private volatile IdentSettings ident = IdentSettings.off();
    private volatile IdentServer identServer;
    private final ConfigureCommand configure = new ConfigureCommand(() -> settings);

    /** For {@link java.util.ServiceLoader}: the production connector, virtual-thread reconnects, the system clock. */
    public IrcBridge() {
        this(DefaultConnectors.FACTORY, ReconnectScheduler.virtualThreads(), Clock.systemUTC(),
                SplittableRandom::new);
    }

    /**
     * A bridge with its collaborators given (tests).
     *
     * @param connectors builds the connector at start
     * @param scheduler  runs reconnects
     * @param clock      the time source
     * @param randoms    a new random generator per session (per-user reconnect jitter)
     */
    public IrcBridge(IrcConnectorFactory connectors, ReconnectScheduler scheduler, Clock clock,
            Supplier<RandomGenerator> randoms) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.randoms = Objects.requireNonNull(randoms, "randoms");
    }

    @Override
    public BridgeInfo info() {
        return new BridgeInfo(ID, "IRC", "irc", Version.VERSION);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.copyOf(EnumSet.of(Capability.ROOMS, Capability.ROOM_LIST, Capability.CHAT_STATES,
                Capability.ROOM_CONFIG));
    }

    @Override
    public AddressCodec addressCodec() {
        return codec;
    }

    /** A nick (required), and optionally the USER name and the real name, the defaults for every server. */
    @Override
    public RegistrationForm registrationForm() {
        return new RegistrationForm("IRC registration",
                "Choose the nick you use on IRC. Per-server nicks, passwords and channels to join are set with the "
                        + "Configure command on a server's address.",
                List.of(FormField.text(IrcUserServerSettings.NICK, "Nickname", "Your IRC nick",
                                IrcNames.MAX_NICK_LENGTH),
                        FormField.text(IrcUserServerSettings.USERNAME, "User name",
                                "The ident (USER) name; default: derived from the nick",
                                IrcUserServerSettings.MAX_USERNAME_LENGTH).optional(),
                        FormField.text(IrcUserServerSettings.REALNAME, "Real name",
                                "Shown in WHOIS; default: the nick", IrcUserServerSettings.MAX_REALNAME_LENGTH)
                                .optional()));
    }

    /** Checks the nick (Modern IRC, "Nicknames"), the user name and the real name; connects nowhere. */
    @Override
    public void validateRegistration(Registration candidate) throws LegacyException {
        String nick = candidate.fields().getOrDefault(IrcUserServerSettings.NICK, "");
        Optional<String> problem = IrcNames.nickProblem(nick);
        if (problem.isPresent()) {
            throw new InvalidAddressException("nick: " + problem.get());
        }
        String username = candidate.fields().getOrDefault(IrcUserServerSettings.USERNAME, "");
        if (!username.isEmpty()) {
            Optional<String> bad = IrcUserServerSettings.usernameProblem(username);
            if (bad.isPresent()) {
                throw new InvalidAddressException("username: " + bad.get());
            }
        }
        String realname = candidate.fields().getOrDefault(IrcUserServerSettings.REALNAME, "");
        Optional<String> bad = IrcUserServerSettings.oneLineProblem(realname, "realname");
        if (bad.isPresent()) {
            throw new InvalidAddressException(bad.get());
        }
    }

    /**
     * A guest (an unregistered user the admin lets into rooms): the room nick as the registration's default
     * {@code nick}, checked as a registered nick is; the user name is then derived from it and the real name is
     * the nick ({@link IrcUserServerSettings#of}). Nothing else: no per-server settings, secrets or always-on
     * servers.
     */
    @Override
    public Registration guestRegistration(String user, String roomNick) throws LegacyException {
        Registration guest = new Registration(user, Map.of(IrcUserServerSettings.NICK, roomNick));
        validateRegistration(guest);
        return guest;
    }

    @Override
    public List<Section> configSections() {
        return List.of(IrcSettings.IRC, IrcSettings.SERVERS);
    }

    /** Reads the settings when the application's schema holds this bridge's sections; defaults otherwise. */
    @Override
    public void configure(Config config) {
        boolean declared = config.schema().sections().contains(IrcSettings.IRC)
                && config.schema().sections().contains(IrcSettings.SERVERS);
        if (!declared) {
            LOG.warn("The configuration schema lacks the [irc] and [irc-servers] sections; no IRC server is "
                    + "allow-listed");
            return;
        }
        configure(IrcSettings.from(config));
        this.ident = IdentSettings.from(config);
    }

    /** Uses {@code newSettings} (tests, or an application that builds them itself). */
    public void configure(IrcSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "newSettings");
        this.codec = newSettings.fixedServer().map(IrcAddressCodec::new).orElseGet(IrcAddressCodec::new);
    }

    /** The settings in use. */
    public IrcSettings settings() {
        return settings;
    }

    @Override
    public List<BridgeCommand> commands() {
        return List.of(configure);
    }

    @Override
    public void start(BridgeContext context) {
        if (connector == null) {
            connector = connectors.create(settings);
            startIdentServer(connector);
        }
    }

    /**
     * The ident server, when configured and the connector has sockets to answer for. One that cannot listen (port
     * 113 taken, no privilege) is logged as an error and the bridge runs without it: IRC servers then show the
     * user names users chose, with the {@code ~} of an unverified one.
     */
    private void startIdentServer(IrcConnector current) {
        Optional<InetSocketAddress> address = ident.bindAddress();
        Optional<IdentTable> table = current.identTable();
        if (address.isEmpty() || table.isEmpty()) {
            return;
        }
        try {
            identServer = IdentServer.start(address.get(), table.get());
        } catch (IOException e) {
            LOG.error("The ident server is not running ({}); IRC servers will show unverified user names",
                    e.getMessage());
        }
    }

    /** The port the ident server listens on, if it runs. */
    public Optional<Integer> identPort() {
        return Optional.ofNullable(identServer).map(IdentServer::port);
    }

    /**
     * Always-on: the session stays open while the user is offline, and comes back after a gateway restart, when
     * the user marked at least one allow-listed server always-on (per-server setting {@code always-on} of the
     * Configure command).
     */
    @Override
    public boolean keepsSessionOpen(Registration registration) {
        IrcSettings current = settings;
        return IrcUserServerSettings.alwaysOnHosts(registration).stream()
                .anyMatch(host -> current.server(host).isPresent());
    }

    @Override
    public LegacySession openSession(SessionContext context) {
        IrcConnector current = connector;
        if (current == null) {
            throw new IllegalStateException("the IRC bridge was not started");
        }
        return new IrcSession(context, new SessionEnvironment(settings, current, scheduler, clock, randoms.get()));
    }

    /** Sessions are closed by the core before this (SPI lifecycle); a closeable connector is closed. */
    @Override
    public void stop() {
        IdentServer runningIdent = identServer;
        identServer = null;
        if (runningIdent != null) {
            runningIdent.close();
        }
        IrcConnector current = connector;
        connector = null;
        if (current instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing the IRC connector failed", e);
            }
        }
    }
}
