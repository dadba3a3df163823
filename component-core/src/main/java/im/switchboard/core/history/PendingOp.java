package im.switchboard.core.history;

import java.util.concurrent.CompletableFuture;

/** What waits for the history writer, in the order it was asked for. */
sealed interface PendingOp {

    /** Store one entry under row id {@code seq}; {@code tail} is told once it is through the writer. */
    record Append(long seq, String user, String room, HistoryEntry entry, RoomTail tail) implements PendingOp {
    }

    /** Delete every row of {@code user}; {@code done} completes once that is committed. */
    record Forget(String user, CompletableFuture<Void> done) implements PendingOp {
    }

    /** Completes {@code done} once everything queued before it is committed. */
    record Flush(CompletableFuture<Void> done) implements PendingOp {
    }
}
