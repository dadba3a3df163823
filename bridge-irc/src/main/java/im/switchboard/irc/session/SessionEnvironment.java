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
 * @param joinTimer runs the checks of unanswered JOINs ({@code join-timeout}); the same kind of scheduler as
 *                  {@code scheduler}, separate so that each can be driven on its own in tests
 */
public record SessionEnvironment(IrcSettings settings, IrcConnector connector, ReconnectScheduler scheduler,
        Clock clock, RandomGenerator random, ReconnectScheduler joinTimer) {

    /** An environment whose JOIN checks run on {@code scheduler} too. */
    public SessionEnvironment(IrcSettings settings, IrcConnector connector, ReconnectScheduler scheduler, Clock clock,
            RandomGenerator random) {
        this(settings, connector, scheduler, clock, random, scheduler);
    }

    public SessionEnvironment {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(joinTimer, "joinTimer");
    }
}
