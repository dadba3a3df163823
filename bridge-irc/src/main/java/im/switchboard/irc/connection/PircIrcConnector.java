package im.switchboard.irc.connection;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.irc.ident.IdentTable;
import im.switchboard.irc.text.IrcDecoding;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;

/**
 * The {@link IrcConnector} on PircBotX 2.1. It holds the admin's allow-list (I4), one connection cap per server for
 * all users together (I5), the TLS context and the settings every connection shares.
 *
 * <p>{@link #create} refuses a server that is not exactly one of the allow-listed policies (with the one text of
 * every refusal, {@link AddressGuard#REFUSED}) and takes one of the server's connection slots; the slot returns when
 * the connection ends, fails to open, or is closed without being opened. So a created connection must be opened or
 * closed.
 *
 * <p>Thread-safe.
 */
public final class PircIrcConnector implements IrcConnector {

    private final AddressGuard guard;
    private final Map<IrcServerPolicy, Semaphore> slots = new HashMap<>();
    private final Map<IrcServerPolicy, Semaphore> registering = new HashMap<>();
    private final SSLContext tls;
    private final IrcConnectorSettings settings;
    private final IrcDecoding decoding;
    private final IdentTable identTable = new IdentTable();

    /** The JDK's default trust store, default settings, the system resolver. */
    public PircIrcConnector(Set<IrcServerPolicy> servers) {
        this(servers, defaultTls(), IrcConnectorSettings.defaults());
    }

    /** With a TLS context (for example trusting a test CA) and settings. */
    public PircIrcConnector(Set<IrcServerPolicy> servers, SSLContext tls, IrcConnectorSettings settings) {
        this(servers, tls, settings, HostResolver.SYSTEM, new IrcDecoding());
    }

    /** Everything chosen by the caller: the resolver (a fixed table in tests) and the fallback decoding (X6). */
    public PircIrcConnector(Set<IrcServerPolicy> servers, SSLContext tls, IrcConnectorSettings settings,
            HostResolver resolver, IrcDecoding decoding) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decoding = Objects.requireNonNull(decoding, "decoding");
        this.guard = new AddressGuard(servers, resolver, settings.allowPrivateAddresses());
        for (IrcServerPolicy server : servers) {
            slots.put(server, new Semaphore(server.maxConnections()));
            registering.put(server, new Semaphore(settings.maxConcurrentRegistrations(), true));
        }
    }

    @Override
    public IrcConnection create(IrcConnectRequest request) throws LegacyException {
        IrcServerPolicy server = request.server();
        guard.checkAllowed(server);
        checkWord(request.nick(), "nick");
        checkWord(request.username(), "username");
        checkSecret(request.serverPassword());
        checkSecret(request.saslPassword());
        checkSecret(request.nickservPassword());
        checkSecret(server.webircPassword());
        if (request.saslAccount().isPresent()) {
            checkWord(request.saslAccount().get(), "SASL account");
        }
        Semaphore slot = slots.get(server);
        if (!slot.tryAcquire()) {
            throw new RateLimitedException("The gateway already has as many connections to " + server.host()
                    + " as it allows; try again later");
        }
        return new PircIrcConnection(request, this, slot::release);
    }

    /** How many connections to {@code server} hold a slot now (created and not yet ended). */
    public int connections(IrcServerPolicy server) {
        Semaphore slot = slots.get(server);
        return slot == null ? 0 : server.maxConnections() - slot.availablePermits();
    }

    /** The permits for connections to {@code server} between connect and RPL_WELCOME. */
    Semaphore registering(IrcServerPolicy server) {
        return registering.get(server);
    }

    AddressGuard guard() {
        return guard;
    }

    SSLContext tls() {
        return tls;
    }

    @Override
    public Optional<IdentTable> identTable() {
        return Optional.of(identTable);
    }

    /** The same table, for this connector's connections. */
    IdentTable idents() {
        return identTable;
    }

    IrcConnectorSettings settings() {
        return settings;
    }

    IrcDecoding decoding() {
        return decoding;
    }

    private static void checkWord(String word, String what) throws InvalidAddressException {
        boolean bad = word.isEmpty() || word.startsWith(":");
        for (int i = 0; i < word.length() && !bad; i++) {
            char c = word.charAt(i);
            bad = c == ' ' || c == '\r' || c == '\n' || c == '\0' || c == '\u0085' || c == '\u2028' || c == '\u2029';
        }
        if (bad) {
            throw new InvalidAddressException("This " + what + " cannot be used on IRC (empty, a space, a line break)");
        }
    }

    private static void checkSecret(Optional<Secret> secret) throws AuthenticationFailedException {
        if (secret.isEmpty()) {
            return;
        }
        String value = secret.get().reveal();
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            // I1: a line break in a password would end the line and start another command.
            throw new AuthenticationFailedException("A stored password holds a line break or NUL and cannot be sent");
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
