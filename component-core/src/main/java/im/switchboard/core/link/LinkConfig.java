package im.switchboard.core.link;

import im.switchboard.config.Config;
import im.switchboard.config.Secret;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;
import im.switchboard.core.stanza.StanzaLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code [xmpp]} configuration section: how every component reaches the XMPP server. The component
 * domain and secret are per component and come from the {@code [components.NAME]} tables.
 */
public final class LinkConfig {

    public static final Setting<String> HOST = Setting.string("host")
            .defaultValue("127.0.0.1")
            .description("Host name or address of the XMPP server's component port. A host that is not loopback "
                    + "needs tls = \"direct\" or tunnelled = true (XEP-0114 is plaintext).")
            .build();
    public static final Setting<Integer> PORT = Setting.integer("port")
            .defaultValue(LinkSettings.DEFAULT_PORT)
            .range(1, 65535)
            .description("The server's component port (Prosody: component_ports, ejabberd: ejabberd_service "
                    + "listener, Openfire: external components port).")
            .build();
    public static final Setting<TlsMode> TLS = Setting.enumeration("tls", TlsMode.class)
            .defaultValue(TlsMode.OFF)
            .description("\"off\": plain XEP-0114; \"direct\": TLS from the first byte with certificate and "
                    + "host name verification.")
            .build();
    public static final Setting<Path> TRUST_STORE = Setting.path("trust-store")
            .description("PKCS#12 or JKS trust store for tls = \"direct\"; absent means the JDK's default trust.")
            .build();
    public static final Setting<Secret> TRUST_STORE_PASSWORD = Setting.secret("trust-store-password")
            .description("Password of the trust store, if it has one.")
            .build();
    public static final Setting<Boolean> TUNNELLED = Setting.bool("tunnelled")
            .defaultValue(false)
            .description("Set when a plaintext link to a non-loopback host runs through an encrypted tunnel "
                    + "(stunnel, WireGuard, ssh).")
            .build();
    public static final Setting<String> SERVER_DOMAIN = Setting.string("server-domain")
            .description("The domain the keepalive pings (XEP-0199). Default: the component domain without its "
                    + "first label (irc.example.org -> example.org).")
            .build();
    public static final Setting<Duration> KEEPALIVE_INTERVAL = Setting.duration("keepalive-interval")
            .defaultValue(Duration.ofSeconds(60))
            .range(Duration.ofSeconds(1), Duration.ofHours(1))
            .description("How often the gateway pings the server to detect a half-open or stalled link.")
            .build();
    public static final Setting<Duration> KEEPALIVE_TIMEOUT = Setting.duration("keepalive-timeout")
            .defaultValue(Duration.ofSeconds(20))
            .range(Duration.ofMillis(100), Duration.ofMinutes(10))
            .description("How long a ping (and a connect or handshake) may go unanswered before the link is "
                    + "declared dead and re-established.")
            .build();
    public static final Setting<Duration> RECONNECT_INITIAL_DELAY = Setting.duration("reconnect-initial-delay")
            .defaultValue(Duration.ofSeconds(1))
            .range(Duration.ofMillis(10), Duration.ofHours(1))
            .description("Upper bound of the first reconnect delay; it doubles per failed attempt (full jitter).")
            .build();
    public static final Setting<Duration> RECONNECT_MAX_DELAY = Setting.duration("reconnect-max-delay")
            .defaultValue(Duration.ofSeconds(60))
            .range(Duration.ofMillis(10), Duration.ofHours(1))
            .description("Cap of the reconnect delay; also the retry pace after a wrong secret or a conflict.")
            .build();
    public static final Setting<Integer> QUEUE_CAPACITY = Setting.integer("queue-capacity")
            .defaultValue(10_000)
            .range(1, 10_000_000)
            .description("Stanzas that may wait for the server, for example legacy messages during an outage; "
                    + "overflow is counted and logged.")
            .build();
    public static final Setting<Integer> QUEUE_MAX_MEBIBYTES = Setting.integer("queue-max-mebibytes")
            .defaultValue((int) (LinkSettings.DEFAULT_QUEUE_MAX_BYTES / (1024 * 1024)))
            .range(1, 64 * 1024)
            .description("Bytes (in MiB) of stanzas that may wait for the server, so that large ones queued during an "
                    + "outage cannot exhaust the heap; overflow is counted and logged.")
            .build();
    public static final Setting<Integer> MAX_INBOUND_STANZA_BYTES = Setting.integer("max-inbound-stanza-bytes")
            .defaultValue(StanzaLimits.DEFAULTS.maxInboundStanzaBytes())
            .range(1024, 64 * 1024 * 1024)
            .description("Largest stanza accepted from the server; a larger one ends the stream with a "
                    + "policy-violation error.")
            .build();
    public static final Setting<Integer> MAX_OUTBOUND_STANZA_BYTES = Setting.integer("max-outbound-stanza-bytes")
            .defaultValue(StanzaLimits.DEFAULT_MAX_OUTBOUND_BYTES)
            .range(1024, 64 * 1024 * 1024)
            .description("Largest stanza the gateway writes; keep it under the server's component limit "
                    + "(Prosody: 512 KiB).")
            .build();

    /** The section, for the application's schema. */
    public static final Section SECTION = Section.of("xmpp", "How the gateway reaches the XMPP server (XEP-0114).",
            HOST, PORT, TLS, TRUST_STORE, TRUST_STORE_PASSWORD, TUNNELLED, SERVER_DOMAIN, KEEPALIVE_INTERVAL,
            KEEPALIVE_TIMEOUT, RECONNECT_INITIAL_DELAY, RECONNECT_MAX_DELAY, QUEUE_CAPACITY, QUEUE_MAX_MEBIBYTES,
            MAX_INBOUND_STANZA_BYTES, MAX_OUTBOUND_STANZA_BYTES);

    private LinkConfig() {
    }

    /** The link settings of one component, from the {@code [xmpp]} section and that component's domain/secret. */
    public static LinkSettings settings(Config config, String componentDomain, Secret secret) {
        StanzaLimits defaults = StanzaLimits.DEFAULTS;
        StanzaLimits limits = new StanzaLimits(config.get(MAX_INBOUND_STANZA_BYTES), defaults.maxDepth(),
                defaults.maxTextLength(), defaults.maxAttributeLength(), config.get(MAX_OUTBOUND_STANZA_BYTES));
        LinkSettings.Builder builder = LinkSettings.builder(componentDomain, secret.reveal())
                .server(config.get(HOST), config.get(PORT))
                .tls(config.get(TLS))
                .tunnelled(config.get(TUNNELLED))
                .keepalive(config.get(KEEPALIVE_INTERVAL), config.get(KEEPALIVE_TIMEOUT))
                .backoff(config.get(RECONNECT_INITIAL_DELAY), config.get(RECONNECT_MAX_DELAY))
                .queueCapacity(config.get(QUEUE_CAPACITY))
                .queueMaxBytes(config.get(QUEUE_MAX_MEBIBYTES) * 1024L * 1024)
                .limits(limits);
        config.find(TRUST_STORE).ifPresent(store -> builder.trustStore(store,
                config.find(TRUST_STORE_PASSWORD).map(Secret::reveal).orElse(null)));
        config.find(SERVER_DOMAIN).ifPresent(builder::serverDomain);
        return builder.build();
    }
}
