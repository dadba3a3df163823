package im.switchboard.irc.connection;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.irc.ident.IdentTable;
import java.util.Optional;

/**
 * Makes {@link IrcConnection}s. Holds what all connections share: the allow-list check (I4: resolve once,
 * check the address, connect to that address), the per-server connection cap (I5), the TLS context.
 * Thread-safe.
 */
public interface IrcConnector {

    /**
     * A new, unopened connection for {@code request}.
     *
     * @throws LegacyException {@code RateLimitedException} when the server's connection cap is reached
     */
    IrcConnection create(IrcConnectRequest request) throws LegacyException;

    /**
     * Whose each of this connector's open sockets is, for the ident server (RFC 1413); empty when its connections
     * have no sockets of their own to answer for.
     */
    default Optional<IdentTable> identTable() {
        return Optional.empty();
    }
}
