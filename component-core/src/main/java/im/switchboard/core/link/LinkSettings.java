package im.switchboard.core.link;

import im.switchboard.core.stanza.StanzaLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a {@link ComponentLink} needs, validated by {@link #validate()}.
 *
 * @param componentDomain the component's domain, e.g. {@code irc.example.org} (the XEP-0114 stream 'to')
 * @param secret the shared secret of the server's Component entry; masked by {@link #toString()}
 * @param host the XMPP server's host name or address
 * @param port the server's component port (Prosody and ejabberd default to 5347)
 * @param tls {@link TlsMode#OFF} or {@link TlsMode#DIRECT}
 * @param trustStore trust store for {@link TlsMode#DIRECT}, or null for the JDK's default trust
 * @param trustStorePassword the trust store's password, or null; masked by {@link #toString()}
 * @param tunnelled the operator asserts the plaintext link runs through an encrypted tunnel (THREATS X10)
 * @param keepaliveInterval how often an XEP-0199 ping checks the link both ways (THREATS X8)
 * @param keepaliveTimeout how long to wait for the ping's reply; also the connect and handshake timeout
 * @param initialBackoff first reconnect delay bound
 * @param maxBackoff largest reconnect delay; used at once after not-authorized, host-unknown or conflict
 * @param queueCapacity how many outbound stanzas may wait
 * @param queueMaxBytes how many bytes of outbound stanzas may wait (a few large ones must not exhaust the heap)
 * @param limits inbound and outbound stanza limits (THREATS X5, X7)
 * @param serverDomain the domain pinged by keepalives; null means the component domain minus its first label
 */
public record LinkSettings(String componentDomain, String secret, String host, int port, TlsMode tls,
                           Path trustStore, String trustStorePassword, boolean tunnelled,
                           Duration keepaliveInterval, Duration keepaliveTimeout,
                           Duration initialBackoff, Duration maxBackoff, int queueCapacity, long queueMaxBytes,
                           StanzaLimits limits, String serverDomain) {

    /** The usual component port of Prosody and ejabberd. */
    public static final int DEFAULT_PORT = 5347;

    /** 64 MiB of stanzas waiting for the server. */
    public static final long DEFAULT_QUEUE_MAX_BYTES = 64L * 1024 * 1024;

    /** Fills defaults: TLS off, default limits, server domain derived from the component domain. */
    public LinkSettings {
        Objects.requireNonNull(componentDomain, "componentDomain");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(host, "host");
        tls = tls == null ? TlsMode.OFF : tls;
        limits = limits == null ? StanzaLimits.DEFAULTS : limits;
        keepaliveInterval = keepaliveInterval == null ? Duration.ofSeconds(60) : keepaliveInterval;
        keepaliveTimeout = keepaliveTimeout == null ? Duration.ofSeconds(20) : keepaliveTimeout;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(60) : maxBackoff;
        serverDomain = serverDomain == null || serverDomain.isEmpty() ? parentDomain(componentDomain) : serverDomain;
    }

    /** A builder with defaults: localhost:5347, no TLS, keepalive 60 s / 20 s, backoff 1 s to 60 s, 10,000 queued. */
    public static Builder builder(String componentDomain, String secret) {
        return new Builder(componentDomain, secret);
    }

    /** {@code irc.example.org} -> {@code example.org}; a single-label domain is its own parent. */
    static String parentDomain(String domain) {
        int dot = domain.indexOf('.');
        return dot > 0 && dot < domain.length() - 1 ? domain.substring(dot + 1) : domain;
    }

    /** Every problem with these settings (empty when usable), each naming the setting. Resolves {@link #host}. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (!isDomain(componentDomain)) {
            problems.add("component domain '" + componentDomain + "' is not a valid domain name");
        }
        if (secret.isEmpty()) {
            problems.add("component secret is empty");
        }
        if (host.isBlank()) {
            problems.add("host is empty");
        }
        if (port < 1 || port > 65535) {
            problems.add("port " + port + " is not between 1 and 65535");
        }
        positive(problems, "keepalive interval", keepaliveInterval);
        positive(problems, "keepalive timeout", keepaliveTimeout);
        positive(problems, "initial backoff", initialBackoff);
        positive(problems, "max backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            problems.add("max backoff " + maxBackoff + " is shorter than initial backoff " + initialBackoff);
        }
        if (queueCapacity < 1) {
            problems.add("outbound queue capacity must be positive, got " + queueCapacity);
        }
        if (queueMaxBytes < limits.maxOutboundStanzaBytes()) {
            problems.add("outbound queue bytes (" + queueMaxBytes + ") must hold at least one largest stanza ("
                    + limits.maxOutboundStanzaBytes() + " bytes)");
        }
        problems.addAll(limits.validate());
        if (!isDomain(serverDomain)) {
            problems.add("server domain '" + serverDomain + "' is not a valid domain name");
        }
        if (tls == TlsMode.DIRECT && trustStore != null && !Files.isReadable(trustStore)) {
            problems.add("trust store " + trustStore + " is not readable");
        }
        if (tls == TlsMode.OFF && !tunnelled && !host.isBlank() && !isLoopback(host)) {
            problems.add(plaintextRefusal(host));
        }
        return problems;
    }

    /** The THREATS X10 refusal, shared by {@link #validate()} and the connect-time re-check. */
    static String plaintextRefusal(String host) {
        return "host '" + host + "' is not a loopback address and TLS is off: XEP-0114 sends the handshake and"
                + " every stanza in plaintext, so a non-loopback host needs TLS, or set tunnelled=true if the"
                + " link runs through an encrypted tunnel (THREATS X10)";
    }

    /** Whether {@code host} is {@code localhost} or resolves only to loopback addresses (127.0.0.0/8, ::1). */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isDomain(String domain) {
        if (domain == null || domain.isEmpty() || domain.length() > 253) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            // Letters (any script: IDNs), digits, hyphens, dots; nothing that could break markup or a JID.
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                return false;
            }
        }
        return !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "LinkSettings[componentDomain=" + componentDomain + ", secret=****, host=" + host + ", port=" + port
                + ", tls=" + tls + ", trustStore=" + trustStore
                + ", trustStorePassword=" + (trustStorePassword == null ? "null" : "****")
                + ", tunnelled=" + tunnelled + ", keepaliveInterval=" + keepaliveInterval
                + ", keepaliveTimeout=" + keepaliveTimeout + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + ", queueCapacity=" + queueCapacity + ", queueMaxBytes=" + queueMaxBytes
                + ", limits=" + limits
                + ", serverDomain=" + serverDomain + "]";
    }

    /** Builds {@link LinkSettings}; only the domain and secret are required. */
    public static final class Builder {
        private final String componentDomain;
        private final String secret;
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private TlsMode tls = TlsMode.OFF;
        private Path trustStore;
        private String trustStorePassword;
        private boolean tunnelled;
        private Duration keepaliveInterval;
        private Duration keepaliveTimeout;
        private Duration initialBackoff;
        private Duration maxBackoff;
        private int queueCapacity = 10_000;
        private long queueMaxBytes = DEFAULT_QUEUE_MAX_BYTES;
        private StanzaLimits limits;
        private String serverDomain;

        private Builder(String componentDomain, String secret) {
            this.componentDomain = componentDomain.toLowerCase(Locale.ROOT);
            this.secret = secret;
        }

        /** The server's host and component port. */
        public Builder server(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /** TLS mode. */
        public Builder tls(TlsMode mode) {
            this.tls = mode;
            return this;
        }

        /** A trust store (PKCS#12 or JKS) for {@link TlsMode#DIRECT}. */
        public Builder trustStore(Path path, String password) {
            this.trustStore = path;
            this.trustStorePassword = password;
            return this;
        }

        /** The plaintext link runs through an encrypted tunnel (THREATS X10). */
        public Builder tunnelled(boolean value) {
            this.tunnelled = value;
            return this;
        }

        /** Keepalive ping every {@code interval}, link dead after {@code timeout} without reply. */
        public Builder keepalive(Duration interval, Duration timeout) {
            this.keepaliveInterval = interval;
            this.keepaliveTimeout = timeout;
            return this;
        }

        /** Reconnect backoff bounds. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Outbound queue capacity. */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /** Outbound queue capacity in bytes. */
        public Builder queueMaxBytes(long bytes) {
            this.queueMaxBytes = bytes;
            return this;
        }

        /** Stanza limits. */
        public Builder limits(StanzaLimits value) {
            this.limits = value;
            return this;
        }

        /** The domain pinged by keepalives. */
        public Builder serverDomain(String domain) {
            this.serverDomain = domain;
            return this;
        }

        /** The settings; call {@link LinkSettings#validate()} (or {@link ComponentLink#start()}) to check them. */
        public LinkSettings build() {
            return new LinkSettings(componentDomain, secret, host, port, tls, trustStore, trustStorePassword,
                    tunnelled, keepaliveInterval, keepaliveTimeout, initialBackoff, maxBackoff, queueCapacity,
                    queueMaxBytes, limits, serverDomain);
        }
    }
}
