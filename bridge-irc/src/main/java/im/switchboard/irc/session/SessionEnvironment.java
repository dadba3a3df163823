package im.switchboard.irc.session;

import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.connection.IrcConnector;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What every {@link IrcSession} of a bridge shares, plus the session's own random generator.
 *
 * @param settings  the bridge's settings
 * @param connector makes connections (the allow-list and per-server caps live there)
 * @param scheduler runs reconnects
 * @param clock     the time source (LIST cache, CTCP rate, translator timestamps)
 * @param random    this session's own generator, for per-user reconnect jitter
 */
public record SessionEnvironment(IrcSettings settings, IrcConnector connector, ReconnectScheduler scheduler,
        Clock clock, RandomGenerator random) {

    public SessionEnvironment {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }
}
