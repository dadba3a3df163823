package im.switchboard.core.history;

import java.util.List;

/** History switched off ({@code [history] enabled = false}): nothing is kept, nothing replayed. */
public enum NoRoomHistory implements RoomHistory {
    /** The one instance. */
    INSTANCE;

    @Override
    public void append(String user, String room, HistoryEntry entry) {
        // Nothing is kept: history is off.
    }

    @Override
    public List<HistoryEntry> recent(String user, String room, HistoryLimit limit) {
        return List.of();
    }

    @Override
    public void forget(String user) {
        // Nothing was kept.
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
