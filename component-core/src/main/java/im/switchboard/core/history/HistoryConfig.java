package im.switchboard.core.history;

import im.switchboard.config.Config;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;
import java.time.Duration;
import java.util.Optional;

/** The {@code [history]} configuration section: room history replayed on join (XEP-0045 section 7.2.14). */
public final class HistoryConfig {

    public static final Setting<Boolean> ENABLED = Setting.bool("enabled")
            .defaultValue(HistorySettings.DEFAULT.enabled())
            .description("Whether the gateway keeps the recent messages of each room a user is in (in an encrypted "
                    + "file beside the credential database) and replays them when the user joins.")
            .build();
    public static final Setting<Integer> PER_ROOM = Setting.integer("per-room")
            .defaultValue(HistorySettings.DEFAULT.perRoom())
            .range(1, 100_000)
            .description("Messages kept per user and room; older ones are deleted.")
            .build();
    public static final Setting<Integer> REPLAY_MAX = Setting.integer("replay-max")
            .defaultValue(HistorySettings.DEFAULT.replayMax())
            .range(0, 100_000)
            .description("The most messages replayed on a join, whatever the client asks with maxstanzas (as "
                    + "Biboumi's max_history_length, default 20).")
            .build();
    public static final Setting<Duration> MAX_AGE = Setting.duration("max-age")
            .defaultValue(Duration.ZERO)
            .range(Duration.ZERO, Duration.ofDays(3650))
            .description("Messages older than this are neither replayed nor kept; 0 keeps them by count only.")
            .build();
    public static final Setting<Duration> FLUSH_INTERVAL = Setting.duration("flush-interval")
            .defaultValue(HistorySettings.DEFAULT.flushInterval())
            .range(Duration.ofMillis(10), Duration.ofMinutes(1))
            .description("How often pending messages are written, in one transaction (write-behind: the relay "
                    + "never waits for the disk). A crash loses at most the messages of the last interval.")
            .build();
    public static final Setting<Integer> PENDING_CAPACITY = Setting.integer("pending-capacity")
            .defaultValue(HistorySettings.DEFAULT.pendingCapacity())
            .range(100, 10_000_000)
            .description("Messages waiting to be written; when the disk falls this far behind, the oldest "
                    + "waiting ones are not stored (they are still replayed until a restart) and counted.")
            .build();

    /** The section, for the application's schema. */
    public static final Section SECTION = Section.of("history", "Room history replayed when a user joins a room.",
            ENABLED, PER_ROOM, REPLAY_MAX, MAX_AGE, FLUSH_INTERVAL, PENDING_CAPACITY);

    private HistoryConfig() {
    }

    /** The settings from a validated configuration. */
    public static HistorySettings settings(Config config) {
        Duration age = config.get(MAX_AGE);
        return new HistorySettings(config.get(ENABLED), config.get(PER_ROOM), config.get(REPLAY_MAX),
                age.isZero() ? Optional.empty() : Optional.of(age), config.get(FLUSH_INTERVAL),
                HistorySettings.DEFAULT.flushBatch(), config.get(PENDING_CAPACITY));
    }
}
