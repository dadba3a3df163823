package im.switchboard.irc;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigEntry;
import im.switchboard.config.ConfigException;
import im.switchboard.config.Secret;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.irc.session.IrcUserServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The IRC bridge's configuration: the {@code [irc]} table and the allow-list {@code [irc-servers.NAME]}.
 *
 * <pre>
 * [irc]
 * fixed-server = "irc.example.net"   # optional: #chan@irc.gw means #chan on this server
 * raw-commands = false
 *
 * [irc-servers.libera]
 * host = "irc.libera.chat"
 * port = 6697
 * tls = true
 * ca-file = "/etc/switchboard/private-ca.pem"   # optional: extra CAs trusted for this server only
 * </pre>
 *
 * Only servers listed under {@code [irc-servers]} are ever connected to (THREATS I4); plaintext needs
 * {@code tls = false} <em>and</em> {@code allow-plaintext = true} (C4).
 *
 * @param fixedServer           the one server of a single-network gateway, if configured
 * @param rawCommands           whether a message to a server's JID is sent as a raw IRC command
 * @param connectTimeout        how long a connection may take to register
 * @param reconnectMinBackoff   the shortest wait before a reconnect
 * @param reconnectMaxBackoff   the longest wait before a reconnect (the cap of the exponential backoff)
 * @param rateLimitedBackoff    the wait after "too many connections" or a K-line (I5)
 * @param ctcpVersion           the answer to CTCP VERSION
 * @param maxConnectionsPerUser how many servers one user may be connected to at once
 * @param formatting            what becomes of IRC formatting codes in messages to XMPP
 * @param listCacheTime         how long a server's channel list (LIST) is reused
 * @param listTimeout           how long a LIST may take
 * @param allowPrivateAddresses whether an allow-listed host may resolve to a private (non-loopback) address
 * @param servers               the allow-list, by lower-case host
 * @param joinTimeout           how long a JOIN may go unanswered before it is sent again, and then before the
 *                              join is reported failed
 * @param caFiles               per lower-case host, a PEM file of CAs trusted for that server besides the JVM's
 */
public record IrcSettings(Optional<String> fixedServer, boolean rawCommands, Duration connectTimeout,
        Duration reconnectMinBackoff, Duration reconnectMaxBackoff, Duration rateLimitedBackoff, String ctcpVersion,
        int maxConnectionsPerUser, Formatting formatting, Duration listCacheTime, Duration listTimeout,
        boolean allowPrivateAddresses, Map<String, IrcServerPolicy> servers, Duration joinTimeout,
        Map<String, Path> caFiles) {

    /** What becomes of IRC formatting codes (bold, colours) in messages towards XMPP. */
    public enum Formatting {
        /** Removed. */
        STRIP,
        /** Mapped to XEP-0393 message styling where it has an equivalent, removed otherwise. */
        XEP0393
    }

    static final Setting<String> FIXED_SERVER = Setting.string("fixed-server")
            .check(h -> IrcNames.hostProblem(h).isEmpty(), "must be a host name such as irc.example.net")
            .description("Single-network mode: the host of one [irc-servers] entry; then #chan@DOMAIN and "
                    + "nick@DOMAIN address it without a %server suffix and other servers are refused.")
            .build();
    static final Setting<Boolean> RAW_COMMANDS = Setting.bool("raw-commands")
            .defaultValue(false)
            .description("Whether a message to a server's JID (irc.example.net@DOMAIN) is sent to that server as "
                    + "a raw IRC command line (sanitized, one line). Off: such messages are refused.")
            .build();
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("connect-timeout")
            .defaultValue(Duration.ofSeconds(30))
            .range(Duration.ofSeconds(1), Duration.ofMinutes(10))
            .description("How long connecting and registering (up to RPL_WELCOME) may take (THREATS C1).")
            .build();
    static final Setting<Duration> RECONNECT_MIN_BACKOFF = Setting.duration("reconnect-min-backoff")
            .defaultValue(Duration.ofSeconds(5))
            .range(Duration.ofMillis(100), Duration.ofHours(1))
            .description("The shortest wait before reconnecting after a lost connection (THREATS I9).")
            .build();
    static final Setting<Duration> RECONNECT_MAX_BACKOFF = Setting.duration("reconnect-max-backoff")
            .defaultValue(Duration.ofMinutes(10))
            .range(Duration.ofSeconds(1), Duration.ofDays(1))
            .description("The longest wait between reconnect attempts: waits double from reconnect-min-backoff up "
                    + "to this, each drawn at random below its bound (full jitter), so users do not reconnect "
                    + "together.")
            .build();
    static final Setting<Duration> RATE_LIMITED_BACKOFF = Setting.duration("rate-limited-backoff")
            .defaultValue(Duration.ofMinutes(30))
            .range(Duration.ofSeconds(1), Duration.ofDays(7))
            .description("The wait after a server refused a connection as 'too many connections' or with a "
                    + "K-line: the user is told once, and no retry storm follows (THREATS I5).")
            .build();
    static final Setting<String> CTCP_VERSION = Setting.string("ctcp-version")
            .defaultValue("Switchboard XMPP gateway")
            .check(s -> !s.isBlank() && s.length() <= 200 && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                    "must be one line of at most 200 characters")
            .description("The answer to CTCP VERSION queries.")
            .build();
    static final Setting<Integer> MAX_CONNECTIONS_PER_USER = Setting.integer("max-connections-per-user")
            .defaultValue(10)
            .range(1, 1000)
            .description("How many IRC servers one user may be connected to at once.")
            .build();
    static final Setting<Formatting> FORMATTING = Setting.enumeration("formatting", Formatting.class)
            .defaultValue(Formatting.STRIP)
            .description("IRC formatting codes in messages to XMPP: strip removes them, xep0393 maps bold, italics "
                    + "and monospace to XEP-0393 message styling.")
            .build();
    static final Setting<Duration> LIST_CACHE_TIME = Setting.duration("list-cache-time")
            .defaultValue(Duration.ofMinutes(2))
            .range(Duration.ZERO, Duration.ofDays(1))
            .description("How long a server's channel list (LIST, shown as disco#items) is reused before it is "
                    + "asked for again.")
            .build();
    static final Setting<Duration> LIST_TIMEOUT = Setting.duration("list-timeout")
            .defaultValue(Duration.ofSeconds(30))
            .range(Duration.ofSeconds(1), Duration.ofMinutes(10))
            .description("How long a channel list (LIST) may take before the request fails.")
            .build();
    static final Setting<Duration> JOIN_TIMEOUT = Setting.duration("join-timeout")
            .defaultValue(Duration.ofSeconds(20))
            .range(Duration.ofSeconds(1), Duration.ofMinutes(10))
            .description("How long a JOIN may go unanswered (no JOIN echo, no end of NAMES, no error numeric) "
                    + "before it is sent once more; after a second such wait the join is reported failed to the "
                    + "user. Servers under load have been seen to drop a JOIN silently.")
            .build();

    static final Setting<Boolean> ALLOW_PRIVATE_ADDRESSES = Setting.bool("allow-private-addresses")
            .defaultValue(false)
            .description("Whether an allow-listed host may resolve to a private, link-local or shared address "
                    + "(10/8, 192.168/16, fc00::/7, ...). Loopback is always allowed, since the operator named the "
                    + "host; the check is made on the address actually connected to (THREATS I4).")
            .build();

    static final Setting<String> HOST = Setting.string("host")
            .required()
            .check(h -> IrcNames.hostProblem(h).isEmpty(), "must be a host name such as irc.example.net")
            .description("The server's host name: what users write in addresses (#chan%HOST@DOMAIN) and the "
                    + "name its TLS certificate must carry.")
            .build();
    static final Setting<Integer> PORT = Setting.integer("port")
            .defaultValue(6697)
            .range(1, 65535)
            .description("The server's port (6697 is IRC over TLS).")
            .build();
    static final Setting<Boolean> TLS = Setting.bool("tls")
            .defaultValue(true)
            .description("TLS with certificate and host name verification (THREATS C4).")
            .build();
    static final Setting<Boolean> ALLOW_PLAINTEXT = Setting.bool("allow-plaintext")
            .defaultValue(false)
            .description("Must be true when tls is false: plaintext puts users' passwords on the wire, so it is "
                    + "an explicit choice (THREATS C4).")
            .build();
    static final Setting<Secret> WEBIRC_PASSWORD = Setting.secret("webirc-password")
            .check(s -> !s.isEmpty(), "must not be empty")
            .description("The WEBIRC password this server gave the gateway. With it, each user appears with a host "
                    + "of their own (a stable fd00::/8 address made from a hash of the JID, never the JID itself), "
                    + "so the network's operators can tell users apart and ban one alone (THREATS I5).")
            .build();
    static final Setting<Integer> BURST = Setting.integer("burst")
            .defaultValue(5)
            .range(1, 1000)
            .description("Lines a connection may send at once before the steady rate applies (THREATS I5).")
            .build();
    static final Setting<Duration> LINE_INTERVAL = Setting.duration("line-interval")
            .defaultValue(Duration.ofSeconds(2))
            .range(Duration.ZERO, Duration.ofMinutes(1))
            .description("The steady rate once the burst is spent: one line per interval. The default, a burst of "
                    + "5 then one line every 2 s, is RFC 1459 section 8.10's flood control (a 2 s penalty per "
                    + "line, at most 10 s ahead), which ircd derivatives still enforce; 0 turns throttling off "
                    + "(only for servers the operator runs).")
            .build();
    static final Setting<Path> CA_FILE = Setting.path("ca-file")
            .description("A PEM file of certificate authorities trusted for this server in addition to the JVM's "
                    + "default trust store (a private network's or the operator's own CA). They are trusted for "
                    + "this host only; the certificate and host name are still verified (THREATS C4).")
            .build();
    static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("max-connections")
            .defaultValue(100)
            .range(1, 1_000_000)
            .description("The most connections the gateway opens to this server, all users together (servers "
                    + "limit connections per IP address; THREATS I5).")
            .build();

    /** The {@code [irc]} table. */
    public static final Section IRC = Section.of("irc", "The IRC bridge: addressing mode, reconnects, limits.",
            FIXED_SERVER, RAW_COMMANDS, CONNECT_TIMEOUT, RECONNECT_MIN_BACKOFF, RECONNECT_MAX_BACKOFF,
            RATE_LIMITED_BACKOFF, CTCP_VERSION, MAX_CONNECTIONS_PER_USER, FORMATTING, LIST_CACHE_TIME, LIST_TIMEOUT,
            ALLOW_PRIVATE_ADDRESSES, JOIN_TIMEOUT, IdentSettings.IDENTD_PORT, IdentSettings.IDENTD_ADDRESS);

    /** The {@code [irc-servers.NAME]} tables: the allow-list (THREATS I4). */
    public static final Section SERVERS = Section.named("irc-servers",
            "The IRC servers users may reach, one table each (THREATS I4); no other server is ever connected to.",
            HOST, PORT, TLS, ALLOW_PLAINTEXT, WEBIRC_PASSWORD, BURST, LINE_INTERVAL, MAX_CONNECTIONS, CA_FILE);

    private static final String SOURCE = "the IRC settings";

    public IrcSettings {
        Objects.requireNonNull(fixedServer, "fixedServer");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(reconnectMinBackoff, "reconnectMinBackoff");
        Objects.requireNonNull(reconnectMaxBackoff, "reconnectMaxBackoff");
        Objects.requireNonNull(rateLimitedBackoff, "rateLimitedBackoff");
        Objects.requireNonNull(ctcpVersion, "ctcpVersion");
        Objects.requireNonNull(formatting, "formatting");
        Objects.requireNonNull(listCacheTime, "listCacheTime");
        Objects.requireNonNull(listTimeout, "listTimeout");
        Objects.requireNonNull(joinTimeout, "joinTimeout");
        servers = Map.copyOf(servers);
        caFiles = Map.copyOf(caFiles);
        if (reconnectMinBackoff.compareTo(reconnectMaxBackoff) > 0) {
            throw new IllegalArgumentException("reconnect-min-backoff is above reconnect-max-backoff");
        }
    }

    /** Settings with the default {@code join-timeout} and no extra CA file. */
    public IrcSettings(Optional<String> fixedServer, boolean rawCommands, Duration connectTimeout,
            Duration reconnectMinBackoff, Duration reconnectMaxBackoff, Duration rateLimitedBackoff,
            String ctcpVersion, int maxConnectionsPerUser, Formatting formatting, Duration listCacheTime,
            Duration listTimeout, boolean allowPrivateAddresses, Map<String, IrcServerPolicy> servers) {
        this(fixedServer, rawCommands, connectTimeout, reconnectMinBackoff, reconnectMaxBackoff, rateLimitedBackoff,
                ctcpVersion, maxConnectionsPerUser, formatting, listCacheTime, listTimeout, allowPrivateAddresses,
                servers, JOIN_TIMEOUT.defaultValue().orElseThrow(), Map.of());
    }

    /** Settings with no extra CA file. */
    public IrcSettings(Optional<String> fixedServer, boolean rawCommands, Duration connectTimeout,
            Duration reconnectMinBackoff, Duration reconnectMaxBackoff, Duration rateLimitedBackoff,
            String ctcpVersion, int maxConnectionsPerUser, Formatting formatting, Duration listCacheTime,
            Duration listTimeout, boolean allowPrivateAddresses, Map<String, IrcServerPolicy> servers,
            Duration joinTimeout) {
        this(fixedServer, rawCommands, connectTimeout, reconnectMinBackoff, reconnectMaxBackoff, rateLimitedBackoff,
                ctcpVersion, maxConnectionsPerUser, formatting, listCacheTime, listTimeout, allowPrivateAddresses,
                servers, joinTimeout, Map.of());
    }

    /** Settings with the default {@code join-timeout}. */
    public IrcSettings(Optional<String> fixedServer, boolean rawCommands, Duration connectTimeout,
            Duration reconnectMinBackoff, Duration reconnectMaxBackoff, Duration rateLimitedBackoff,
            String ctcpVersion, int maxConnectionsPerUser, Formatting formatting, Duration listCacheTime,
            Duration listTimeout, boolean allowPrivateAddresses, Map<String, IrcServerPolicy> servers,
            Map<String, Path> caFiles) {
        this(fixedServer, rawCommands, connectTimeout, reconnectMinBackoff, reconnectMaxBackoff, rateLimitedBackoff,
                ctcpVersion, maxConnectionsPerUser, formatting, listCacheTime, listTimeout, allowPrivateAddresses,
                servers, JOIN_TIMEOUT.defaultValue().orElseThrow(), caFiles);
    }

    /** A copy with another {@code join-timeout}. */
    public IrcSettings withJoinTimeout(Duration timeout) {
        return new IrcSettings(fixedServer, rawCommands, connectTimeout, reconnectMinBackoff, reconnectMaxBackoff,
                rateLimitedBackoff, ctcpVersion, maxConnectionsPerUser, formatting, listCacheTime, listTimeout,
                allowPrivateAddresses, servers, timeout, caFiles);
    }

    /** The settings of a gateway without configuration: every default, no server allow-listed. */
    public static IrcSettings defaults() {
        return new IrcSettings(Optional.empty(), false, CONNECT_TIMEOUT.defaultValue().orElseThrow(),
                RECONNECT_MIN_BACKOFF.defaultValue().orElseThrow(), RECONNECT_MAX_BACKOFF.defaultValue().orElseThrow(),
                RATE_LIMITED_BACKOFF.defaultValue().orElseThrow(), CTCP_VERSION.defaultValue().orElseThrow(),
                MAX_CONNECTIONS_PER_USER.defaultValue().orElseThrow(), Formatting.STRIP,
                LIST_CACHE_TIME.defaultValue().orElseThrow(), LIST_TIMEOUT.defaultValue().orElseThrow(), false,
                Map.of());
    }

    /**
     * Reads and cross-checks both sections.
     *
     * @throws ConfigException listing every problem with its key path: plaintext without {@code allow-plaintext},
     *                         a host listed twice or too long for per-user settings, a {@code fixed-server} that
     *                         is not allow-listed, a minimum backoff above the maximum
     */
    public static IrcSettings from(Config config) {
        List<ConfigException.Problem> problems = new ArrayList<>();
        Map<String, IrcServerPolicy> servers = new LinkedHashMap<>();
        Map<String, Path> caFiles = new LinkedHashMap<>();
        for (String name : config.entries(SERVERS)) {
            ConfigEntry entry = config.entry(SERVERS, name);
            String path = SERVERS.name() + "." + name + ".";
            String host = IrcAddress.fold(entry.get(HOST));
            boolean tls = entry.get(TLS);
            if (!tls && !entry.get(ALLOW_PLAINTEXT)) {
                problems.add(new ConfigException.Problem(path + ALLOW_PLAINTEXT.key(), "must be true when tls is "
                        + "false: plaintext IRC puts users' passwords on the wire (THREATS C4)"));
            }
            if (host.length() > IrcUserServerSettings.MAX_HOST_LENGTH) {
                problems.add(new ConfigException.Problem(path + HOST.key(), "must be at most "
                        + IrcUserServerSettings.MAX_HOST_LENGTH + " characters (users' per-server settings are "
                        + "stored under keys naming it)"));
            }
            IrcServerPolicy policy = new IrcServerPolicy(host, entry.get(PORT), tls, entry.find(WEBIRC_PASSWORD),
                    entry.get(BURST), entry.get(LINE_INTERVAL), entry.get(MAX_CONNECTIONS));
            Optional<Path> caFile = entry.find(CA_FILE);
            if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
                problems.add(new ConfigException.Problem(path + CA_FILE.key(), "must be a readable PEM file"));
            } else if (caFile.isPresent() && !tls) {
                problems.add(new ConfigException.Problem(path + CA_FILE.key(), "is only used with tls = true"));
            } else {
                caFile.ifPresent(file -> caFiles.put(host, file));
            }
            if (servers.putIfAbsent(host, policy) != null) {
                problems.add(new ConfigException.Problem(path + HOST.key(), "another [irc-servers] entry has the "
                        + "same host"));
            }
        }
        Optional<String> fixed = config.find(FIXED_SERVER).map(IrcAddress::fold);
        if (fixed.isPresent() && !servers.containsKey(fixed.get())) {
            problems.add(new ConfigException.Problem(IRC.name() + "." + FIXED_SERVER.key(),
                    "must be the host of an [irc-servers] entry"));
        }
        Duration min = config.get(RECONNECT_MIN_BACKOFF);
        Duration max = config.get(RECONNECT_MAX_BACKOFF);
        if (min.compareTo(max) > 0) {
            problems.add(new ConfigException.Problem(IRC.name() + "." + RECONNECT_MIN_BACKOFF.key(),
                    "must not be above reconnect-max-backoff"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(SOURCE, problems);
        }
        return new IrcSettings(fixed, config.get(RAW_COMMANDS), config.get(CONNECT_TIMEOUT), min, max,
                config.get(RATE_LIMITED_BACKOFF), config.get(CTCP_VERSION), config.get(MAX_CONNECTIONS_PER_USER),
                config.get(FORMATTING), config.get(LIST_CACHE_TIME), config.get(LIST_TIMEOUT),
                config.get(ALLOW_PRIVATE_ADDRESSES), servers, config.get(JOIN_TIMEOUT), caFiles);
    }

    /** The allow-listed server with this host (any case), if any. */
    public Optional<IrcServerPolicy> server(String host) {
        return Optional.ofNullable(servers.get(IrcAddress.fold(host)));
    }
}
