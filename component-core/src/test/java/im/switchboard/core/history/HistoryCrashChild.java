package im.switchboard.core.history;

import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The child JVM of {@link H2RoomHistoryCrashIT}: appends {@code stored} entries and waits, by polling with a
 * deadline, until the write-behind stored them on its own; prints {@code STORED}; appends {@code extra} more
 * and halts at once, without {@code close()} and without running shutdown hooks, as a killed process would.
 *
 * <pre>child &lt;history.mv.db&gt; &lt;keyFile&gt; &lt;stored&gt; &lt;extra&gt;</pre>
 */
public final class HistoryCrashChild {

    static final String STORED_LINE = "STORED ";
    static final String USER = "romeo@montague.lit";
    static final String ROOM = "#balcony%irc.verona.lit@irc.gw";

    private HistoryCrashChild() {
    }

    static HistoryEntry entry(int i) {
        return new HistoryEntry("nick" + i, "message " + i, Instant.EPOCH.plusSeconds(i), Optional.empty());
    }

    public static void main(String[] args) throws InterruptedException {
        int stored = Integer.parseInt(args[2]);
        int extra = Integer.parseInt(args[3]);
        HistorySettings settings = new HistorySettings(true, 10_000, 10_000, Optional.empty(),
                Duration.ofMillis(50), 1_000_000, 1_000_000);
        H2RoomHistory history = H2RoomHistory.open(Path.of(args[0]), MasterKey.readFrom(Path.of(args[1])), settings);
        for (int i = 0; i < stored; i++) {
            history.append(USER, ROOM, entry(i));
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (history.storedCount() < stored) {
            if (Instant.now().isAfter(deadline)) {
                System.out.println("TIMEOUT " + history.storedCount());
                System.out.flush();
                Runtime.getRuntime().halt(2);
            }
            // Polling the writer's progress, as a monitor would; nothing here waits for a fixed time.
            Thread.onSpinWait();
            Thread.yield();
        }
        System.out.println(STORED_LINE + history.storedCount());
        System.out.flush();
        for (int i = stored; i < stored + extra; i++) {
            history.append(USER, ROOM, entry(i));
        }
        Runtime.getRuntime().halt(137);
    }
}
