package im.switchboard.core.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a room archive asked for (XEP-0313 section 4, with XEP-0059 paging): the filters of the query form
 * and the RSM position. Entries are in archive order (the order they were appended), oldest first.
 *
 * @param start  only entries said at or after this time ({@code start} field, section 4.1.1)
 * @param end    only entries said at or before this time ({@code end} field)
 * @param nick   only entries of this occupant (the {@code with} field naming an occupant JID, section 6)
 * @param max    the most entries on the page, already capped by the gateway (0 asks for no entries)
 * @param after  the page starts right after the entry with this archive id (RSM {@code <after/>})
 * @param before the page ends right before the entry with this archive id (RSM {@code <before/>}); the empty
 *               string asks for the last page (XEP-0313 section 4.3.3, an empty {@code <before/>})
 */
public record ArchiveQuery(Optional<Instant> start, Optional<Instant> end, Optional<String> nick, int max,
                           Optional<String> after, Optional<String> before) {

    public ArchiveQuery {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(before, "before");
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        if (after.isPresent() && before.isPresent()) {
            // XEP-0313 section 4.3.1: RSM does not define both at once (that is before-id/after-id, not offered).
            throw new IllegalArgumentException("after and before together");
        }
        if (after.isPresent() && after.get().isEmpty()) {
            throw new IllegalArgumentException("an empty after");
        }
    }

    /** The first {@code max} entries of the whole archive. */
    public static ArchiveQuery first(int max) {
        return new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), max, Optional.empty(),
                Optional.empty());
    }

    /** The last {@code max} entries of the whole archive. */
    public static ArchiveQuery last(int max) {
        return new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), max, Optional.empty(),
                Optional.of(""));
    }

    /** Whether the page is taken from the end backwards ({@code before}, empty or not). */
    public boolean backwards() {
        return before.isPresent();
    }

    /** Whether an entry passes the filters (not the paging). */
    public boolean matches(HistoryEntry entry) {
        return (start.isEmpty() || !entry.at().isBefore(start.get()))
                && (end.isEmpty() || !entry.at().isAfter(end.get()))
                && (nick.isEmpty() || nick.get().equals(entry.nick()));
    }

    /** A copy that also leaves out entries said before {@code notBefore} (retention by age). */
    public ArchiveQuery notBefore(Instant notBefore) {
        Optional<Instant> later = start.filter(s -> s.isAfter(notBefore)).or(() -> Optional.of(notBefore));
        return new ArchiveQuery(later, end, nick, max, after, before);
    }
}
