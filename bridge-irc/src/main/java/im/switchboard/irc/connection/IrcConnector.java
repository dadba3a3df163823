package im.switchboard.irc.connection;

import im.switchboard.core.spi.LegacyException;

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
}
