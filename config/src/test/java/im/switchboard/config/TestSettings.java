package im.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A schema shaped like the gateway's: a plain [xmpp] section, a plain [store] and a named [components]. */
final class TestSettings {

    enum Bridge { IRC, EMAIL, SMS }

    enum Tls { PLAIN, DIRECT_TLS, STARTTLS }

    static final Setting<String> HOST = Setting.string("host").defaultValue("127.0.0.1")
            .check(h -> !h.isBlank(), "must not be blank")
            .description("Host name of the XMPP server.").build();
    static final Setting<Integer> PORT = Setting.integer("port").defaultValue(5347).range(1, 65535)
            .description("Component port (XEP-0114).").build();
    static final Setting<Secret> XMPP_SECRET = Setting.secret("secret").required()
            .check(s -> s.reveal().length() >= 8, "must be at least 8 characters")
            .description("Shared secret of the component handshake.").build();
    static final Setting<Boolean> TUNNELLED = Setting.bool("tunnelled").defaultValue(false)
            .description("The link runs through a TLS tunnel.").build();
    static final Setting<Duration> PING = Setting.duration("ping-interval").defaultValue(Duration.ofSeconds(30))
            .range(Duration.ofSeconds(1), Duration.ofHours(1)).description("Keepalive interval.").build();
    static final Setting<List<String>> DOMAINS = Setting.stringList("allowed-domains").defaultValue(List.of())
            .description("XMPP domains whose users may register.").build();
    static final Setting<Tls> TLS = Setting.enumeration("tls", Tls.class).defaultValue(Tls.PLAIN)
            .description("How the link is protected.").build();
    static final Setting<Path> CA = Setting.path("ca-file")
            .description("Trusted CA certificates (PEM); optional.").build();

    static final Section XMPP = Section.of("xmpp", "How the gateway reaches the XMPP server.",
            HOST, PORT, XMPP_SECRET, TUNNELLED, PING, DOMAINS, TLS, CA);

    static final Setting<Path> DATA_DIR = Setting.path("data-dir").defaultValue(Path.of("data"))
            .description("Where the database lives.").build();
    static final Setting<Secret> KEY = Setting.secret("key").required()
            .description("Key that encrypts stored credentials.").build();

    static final Section STORE = Section.of("store", "The credential store.", DATA_DIR, KEY);

    static final Setting<String> DOMAIN = Setting.string("domain").required()
            .description("The component's domain.").build();
    static final Setting<Secret> COMPONENT_SECRET = Setting.secret("secret").required()
            .description("The component's handshake secret.").build();
    static final Setting<Bridge> BRIDGE = Setting.enumeration("bridge", Bridge.class).required()
            .description("Which bridge serves the domain.").build();
    static final Setting<Integer> MAX_USERS = Setting.integer("max-users").range(1, 10_000)
            .description("Cap on registered users; optional.").build();

    static final Section COMPONENTS = Section.named("components", "One XMPP component per legacy network.",
            DOMAIN, COMPONENT_SECRET, BRIDGE, MAX_USERS);

    static final Schema SCHEMA = Schema.of(List.of(XMPP, STORE, COMPONENTS));

    /** A valid minimal file. */
    static final String MINIMAL = """
            [xmpp]
            secret = "correct horse battery"

            [store]
            key = "store-key-0123456789"
            """;

    private TestSettings() {
    }
}
