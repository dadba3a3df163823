package im.switchboard.irc.session;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.registration.Registration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A session over the fakes: romeo@montague.lit with nick "romeo", two allow-listed servers. */
final class SessionFixture {

    static final String HOST = "irc.example.net";
    static final String OTHER = "irc.other.net";
    static final String USER = "romeo@montague.lit";

    final FakeIrcConnector connector = new FakeIrcConnector();
    final ManualScheduler scheduler = new ManualScheduler();
    /** Runs the checks of unanswered JOINs. */
    final ManualScheduler joinTimer = new ManualScheduler();
    final SessionSink sink = new SessionSink();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T05:00:00Z"));
    final IrcSettings settings;
    final Registration registration;
    final IrcSession session;

    SessionFixture() {
        this(false, Map.of(), Map.of());
    }

    SessionFixture(boolean raw, Map<String, String> extraFields, Map<String, Secret> secrets) {
        this(settings(raw), extraFields, secrets);
    }

    SessionFixture(IrcSettings settings) {
        this(settings, Map.of(), Map.of());
    }

    SessionFixture(IrcSettings settings, Map<String, String> extraFields, Map<String, Secret> secrets) {
        this.settings = settings;
        Map<String, String> fields = new HashMap<>(Map.of("nick", "romeo"));
        fields.putAll(extraFields);
        this.registration = new Registration(USER, fields, secrets);
        this.session = new IrcSession(new SessionContext(registration, sink),
                new SessionEnvironment(settings, connector, scheduler, clock, new Random(42), joinTimer,
                        Runnable::run));
    }

    static IrcSettings settings(boolean raw) {
        return new IrcSettings(Optional.empty(), raw, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMinutes(30), "Switchboard test", 10,
                IrcSettings.Formatting.STRIP, Duration.ofMinutes(2), Duration.ofSeconds(5), false,
                Map.of(HOST, policy(HOST), OTHER, policy(OTHER)));
    }

    static IrcServerPolicy policy(String host) {
        return new IrcServerPolicy(host, 6697, true, Optional.empty(), 5, Duration.ofSeconds(2), 100);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
