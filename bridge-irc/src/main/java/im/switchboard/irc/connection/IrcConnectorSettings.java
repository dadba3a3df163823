package im.switchboard.irc.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * How every connection of a {@link PircIrcConnector} behaves (C1: every wait is bounded).
 *
 * @param connectTimeout        TCP connect plus TLS handshake
 * @param registrationTimeout   from the socket to RPL_WELCOME (001), CAP and SASL included
 * @param pingInterval          silence after which the connection sends PING; a second silent interval closes it
 *                              with "ping timeout"
 * @param quitTimeout           how long {@link IrcConnection#close} waits for the queue to drain and the server
 *                              to close after QUIT
 * @param maxNickAttempts       alternative nicks tried during registration before giving up
 * @param allowPrivateAddresses whether an allow-listed host may resolve to a private, link-local or shared
 *                              (non-loopback) address; loopback is always allowed since the admin named the host
 * @param maxConcurrentRegistrations how many connections to one server may be between connect and RPL_WELCOME at
 *                              once; more wait (within their registration timeout). A burst of simultaneous connects
 *                              overflows a server's listen queue: measured against ngircd on this machine, 0.5-1.5 %
 *                              of 500 simultaneous connects (5 % of 1,000 with 128 at once) were reset by the
 *                              server's kernel right after the handshake; with 8 or 32 at once none of 1,000 was
 */
public record IrcConnectorSettings(Duration connectTimeout, Duration registrationTimeout, Duration pingInterval,
        Duration quitTimeout, int maxNickAttempts, boolean allowPrivateAddresses, int maxConcurrentRegistrations) {

    public IrcConnectorSettings {
        positive(connectTimeout, "connectTimeout");
        positive(registrationTimeout, "registrationTimeout");
        positive(pingInterval, "pingInterval");
        positive(quitTimeout, "quitTimeout");
        if (maxNickAttempts < 0 || maxConcurrentRegistrations < 1) {
            throw new IllegalArgumentException("maxNickAttempts must not be negative, maxConcurrentRegistrations"
                    + " must be positive");
        }
    }

    /**
     * 10 s connect, 30 s registration, PING after 60 s of silence, 2 s for QUIT, 5 nick attempts, no private
     * addresses, 32 registrations at once per server (the larger of the two bounds measured safe against ngircd's
     * listen backlog of 10; 1,000 simultaneous users join sooner than with 16, see docs/performance.md).
     */
    public static IrcConnectorSettings defaults() {
        return new IrcConnectorSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(2), 5, false, 32);
    }

    public IrcConnectorSettings withRegistrationTimeout(Duration timeout) {
        return new IrcConnectorSettings(connectTimeout, timeout, pingInterval, quitTimeout, maxNickAttempts,
                allowPrivateAddresses, maxConcurrentRegistrations);
    }

    public IrcConnectorSettings withPingInterval(Duration interval) {
        return new IrcConnectorSettings(connectTimeout, registrationTimeout, interval, quitTimeout, maxNickAttempts,
                allowPrivateAddresses, maxConcurrentRegistrations);
    }

    public IrcConnectorSettings withAllowPrivateAddresses(boolean allow) {
        return new IrcConnectorSettings(connectTimeout, registrationTimeout, pingInterval, quitTimeout,
                maxNickAttempts, allow, maxConcurrentRegistrations);
    }

    public IrcConnectorSettings withMaxConcurrentRegistrations(int max) {
        return new IrcConnectorSettings(connectTimeout, registrationTimeout, pingInterval, quitTimeout,
                maxNickAttempts, allowPrivateAddresses, max);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and fit an int of milliseconds");
        }
    }
}
