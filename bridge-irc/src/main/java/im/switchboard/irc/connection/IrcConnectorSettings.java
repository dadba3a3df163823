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
 */
public record IrcConnectorSettings(Duration connectTimeout, Duration registrationTimeout, Duration pingInterval,
        Duration quitTimeout, int maxNickAttempts, boolean allowPrivateAddresses) {

    public IrcConnectorSettings {
        positive(connectTimeout, "connectTimeout");
        positive(registrationTimeout, "registrationTimeout");
        positive(pingInterval, "pingInterval");
        positive(quitTimeout, "quitTimeout");
        if (maxNickAttempts < 0) {
            throw new IllegalArgumentException("maxNickAttempts must not be negative");
        }
    }

    /** 10 s connect, 30 s registration, PING after 60 s of silence, 2 s for QUIT, 5 nick attempts. */
    public static IrcConnectorSettings defaults() {
        return new IrcConnectorSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(2), 5, false);
    }

    public IrcConnectorSettings withRegistrationTimeout(Duration timeout) {
        return new IrcConnectorSettings(connectTimeout, timeout, pingInterval, quitTimeout, maxNickAttempts,
                allowPrivateAddresses);
    }

    public IrcConnectorSettings withPingInterval(Duration interval) {
        return new IrcConnectorSettings(connectTimeout, registrationTimeout, interval, quitTimeout, maxNickAttempts,
                allowPrivateAddresses);
    }

    public IrcConnectorSettings withAllowPrivateAddresses(boolean allow) {
        return new IrcConnectorSettings(connectTimeout, registrationTimeout, pingInterval, quitTimeout,
                maxNickAttempts, allow);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and fit an int of milliseconds");
        }
    }
}
