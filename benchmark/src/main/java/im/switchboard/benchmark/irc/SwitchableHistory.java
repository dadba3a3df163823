package im.switchboard.benchmark.irc;

import im.switchboard.core.history.H2RoomHistory;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistoryLimit;
import im.switchboard.core.history.RoomHistory;
import java.util.List;
import java.util.Objects;

/**
 * A room history that the relay benchmark turns on and off between rounds of one run ({@code --history=alternate}),
 * so that history on and off are compared in the same JVM, with the same warm-up and the same machine load: while
 * on, every call goes to the encrypted H2 write-behind; while off, appends are dropped (as {@code NoRoomHistory}).
 */
final class SwitchableHistory implements RoomHistory {

    private final H2RoomHistory store;
    private volatile boolean on;

    SwitchableHistory(H2RoomHistory store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    void on(boolean enabled) {
        this.on = enabled;
    }

    boolean isOn() {
        return on;
    }

    /** Waits until the write-behind stored everything appended so far, so no round leaves work to the next. */
    void flush() {
        store.flush();
    }

    @Override
    public void append(String user, String room, HistoryEntry entry) {
        if (on) {
            store.append(user, room, entry);
        }
    }

    @Override
    public List<HistoryEntry> recent(String user, String room, HistoryLimit limit) {
        return on ? store.recent(user, room, limit) : List.of();
    }

    @Override
    public void forget(String user) {
        store.forget(user);
    }

    @Override
    public void close() {
        store.close();
    }
}
