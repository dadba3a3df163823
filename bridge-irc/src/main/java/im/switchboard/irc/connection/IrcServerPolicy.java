package im.switchboard.irc.connection;

import im.switchboard.config.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An allow-listed IRC server (I4) and how the gateway treats it: only servers with a policy are ever
 * connected to.
 *
 * @param host             the host name users write in addresses (lower case), also the TLS name checked
 * @param port             the port (6697 for TLS by default)
 * @param tls              whether to use TLS with certificate and host name verification (the default, C4)
 * @param webircPassword   the WEBIRC password, when the server trusts the gateway to report users' hosts
 * @param burst            how many lines may leave at once before the steady rate applies (I5)
 * @param lineInterval     the steady rate: one line per interval once the burst is spent (zero: no throttle)
 * @param maxConnections   the most connections the gateway opens to this server at once, all users together
 */
public record IrcServerPolicy(String host, int port, boolean tls, Optional<Secret> webircPassword, int burst,
        Duration lineInterval, int maxConnections) {

    public IrcServerPolicy {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(webircPassword, "webircPassword");
        Objects.requireNonNull(lineInterval, "lineInterval");
        if (port < 1 || port > 65535 || burst < 1 || maxConnections < 1 || lineInterval.isNegative()) {
            throw new IllegalArgumentException("invalid server policy for " + host);
        }
    }
}
