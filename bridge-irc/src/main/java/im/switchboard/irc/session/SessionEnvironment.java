package im.switchboard.irc.session;

import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.connection.IrcConnector;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
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
 * @param opener    runs the on-demand connects (a join, a message or a listing for a server the user is not
 *                  connected to), so that the user's actor never waits for a connect ({@link #virtualThreads()} in
 *                  production; tests may run them inline to keep their order)
 */
public record SessionEnvironment(IrcSettings settings, IrcConnector connector, ReconnectScheduler scheduler,
        Clock clock, RandomGenerator random, ReconnectScheduler joinTimer, Executor opener) {

    /** An environment whose JOIN checks run on {@code scheduler} too, and whose connects run on virtual threads. */
    public SessionEnvironment(IrcSettings settings, IrcConnector connector, ReconnectScheduler scheduler, Clock clock,
            RandomGenerator random) {
        this(settings, connector, scheduler, clock, random, scheduler, virtualThreads());
    }

    /** An environment whose on-demand connects run on virtual threads. */
    public SessionEnvironment(IrcSettings settings, IrcConnector connector, ReconnectScheduler scheduler, Clock clock,
            RandomGenerator random, ReconnectScheduler joinTimer) {
        this(settings, connector, scheduler, clock, random, joinTimer, virtualThreads());
    }

    public SessionEnvironment {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(joinTimer, "joinTimer");
        Objects.requireNonNull(opener, "opener");
    }

    /** The production opener: one virtual thread per connect (it blocks for the connect timeout at most). */
    public static Executor virtualThreads() {
        return task -> Thread.ofVirtual().name("irc-connect").start(task);
    }
}
