package im.switchboard.app;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigEntry;
import im.switchboard.config.ConfigException;
import im.switchboard.config.Secret;
import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewayConfig;
import im.switchboard.core.history.NoRoomHistory;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.link.ComponentLink;
import im.switchboard.core.link.LinkConfig;
import im.switchboard.core.link.LinkSettings;
import im.switchboard.core.link.LinkStartException;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.registration.RegistrationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: one {@link GatewayComponent} and one {@link ComponentLink} per {@code [components.NAME]}
 * table. Start-up is all or nothing: if one component cannot attach, the ones already attached are closed.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** One attached component. */
    public record Attached(String name, Bridge bridge, GatewayComponent component, ComponentLink link) {
    }

    private final List<Planned> planned;
    /** Start and close may race (a SIGTERM during start-up runs close on the shutdown hook's thread). */
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Attached> attached = new ArrayList<>();
    private boolean closed;

    private record Planned(String name, Bridge bridge, GatewayComponent component, LinkSettings linkSettings) {
    }

    private Gateway(List<Planned> planned) {
        this.planned = planned;
    }

    /**
     * Plan the components of {@code config}: bridges resolved, settings validated; nothing connects yet.
     *
     * @param stores the registration store of each component domain
     * @throws ConfigException listing every problem (unknown bridge, invalid link settings, what a bridge's
     *                         {@link Bridge#configure} refused) with its key path
     */
    public static Gateway plan(Config config, String softwareVersion, Function<String, RegistrationStore> stores) {
        return plan(config, softwareVersion, stores, NoRoomHistory.INSTANCE);
    }

    /**
     * {@link #plan(Config, String, Function)} with the room history every component replays on joins (shared;
     * the caller closes it after {@link #close()}).
     */
    public static Gateway plan(Config config, String softwareVersion, Function<String, RegistrationStore> stores,
            RoomHistory history) {
        return plan(config, softwareVersion, stores, history, BridgeCatalog.discover());
    }

    /** {@link #plan(Config, String, Function, RoomHistory)} with the bridges of {@code catalog}. */
    static Gateway plan(Config config, String softwareVersion, Function<String, RegistrationStore> stores,
            RoomHistory history, BridgeCatalog catalog) {
        List<ConfigException.Problem> problems = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        List<String> names = config.entries(ComponentsConfig.SECTION);
        if (names.isEmpty()) {
            problems.add(new ConfigException.Problem("components",
                    "no component is configured: add a [components.NAME] table (see examples/switchboard.toml)"));
        }
        for (String name : names) {
            ConfigEntry entry = config.entry(ComponentsConfig.SECTION, name);
            String bridgeId = entry.find(ComponentsConfig.BRIDGE).orElse(name);
            String domain = entry.get(ComponentsConfig.DOMAIN);
            Secret secret = entry.get(ComponentsConfig.SECRET);
            String path = "components." + name;
            if (!catalog.ids().contains(bridgeId)) {
                problems.add(new ConfigException.Problem(path + ".bridge", "no bridge '" + bridgeId
                        + "' is installed (installed: " + String.join(", ", catalog.ids()) + ")"));
                continue;
            }
            LinkSettings linkSettings = LinkConfig.settings(config, domain, secret);
            for (String problem : linkSettings.validate()) {
                problems.add(new ConfigException.Problem("xmpp", path + ": " + problem));
            }
            Bridge bridge = catalog.create(bridgeId);
            try {
                // The bridge reads its own sections ([irc], [irc-servers.NAME], ...) before anything else is
                // asked of it (Bridge#configure); problems that span several values come back here.
                bridge.configure(config);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                continue;
            }
            GatewayComponent component = new GatewayComponent(bridge, stores.apply(domain),
                    GatewayConfig.settings(config, domain, softwareVersion), history);
            planned.add(new Planned(name, bridge, component, linkSettings));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("configuration", problems);
        }
        return new Gateway(planned);
    }

    /**
     * Start every bridge and attach every component to the XMPP server.
     *
     * @throws LinkStartException when a component cannot attach (wrong secret, unknown component, nothing
     *                            listening); the message names the domain and the server
     * @throws LegacyException    when a bridge cannot start its shared resources
     */
    public void start() throws LinkStartException, LegacyException {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the gateway was closed before it started");
            }
            for (Planned p : planned) {
                ComponentLink link = new ComponentLink(p.linkSettings(), p.component());
                p.component().start(link);
                attached.add(new Attached(p.name(), p.bridge(), p.component(), link));
                link.start();
                LOG.info("component {} ({}) attached to {}:{}", p.component().domain(), p.bridge().info().id(),
                        p.linkSettings().host(), p.linkSettings().port());
            }
        } catch (LinkStartException | LegacyException | RuntimeException e) {
            close();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** The attached components, for tests and statistics. */
    public List<Attached> components() {
        lock.lock();
        try {
            return List.copyOf(attached);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Graceful shutdown (THREATS C2): every component sends unavailable presence to its online users and closes
     * their legacy sessions, then its link flushes and closes the stream. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Attached a : attached.reversed()) {
                try {
                    a.component().close();
                } catch (RuntimeException e) {
                    LOG.warn("closing component {} failed", a.component().domain(), e);
                }
                a.link().close();
            }
            attached.clear();
        } finally {
            lock.unlock();
        }
    }
}
