package im.switchboard.core.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Takes one page out of a room archive (XEP-0313 section 4.3 with XEP-0059), reading as little of it as it can:
 * the source gives the entries lazily (a stored archive opens one sealed chunk at a time), and the walk stops as
 * soon as the page and its {@code complete} flag are known. Pure apart from the source.
 *
 * <ul>
 * <li>no position: from the oldest entry forwards;</li>
 * <li>{@code after}: from the newest entry backwards until the id is found, keeping the oldest {@code max} matches
 * seen (the usual "catch up since the last id I have" is near the end, so only the new part is read);</li>
 * <li>{@code before}: from the newest entry backwards, past the id (or from the end when it is empty).</li>
 * </ul>
 */
final class ArchiveWalk {

    /** An archive read in either direction. */
    interface Source {
        /** The entries oldest first; each has its archive id. */
        Iterator<HistoryEntry> oldestFirst();

        /** The entries newest first; each has its archive id. */
        Iterator<HistoryEntry> newestFirst();
    }

    private ArchiveWalk() {
    }

    /**
     * @throws UnknownArchiveIdException when the {@code after} or {@code before} id is not in the archive
     */
    static ArchivePage page(Source source, ArchiveQuery query) {
        if (query.after().isPresent()) {
            return after(source.newestFirst(), query, query.after().get());
        }
        if (query.backwards()) {
            return before(source.newestFirst(), query, query.before().get());
        }
        return forwards(source.oldestFirst(), query);
    }

    private static ArchivePage forwards(Iterator<HistoryEntry> entries, ArchiveQuery query) {
        List<HistoryEntry> page = new ArrayList<>();
        int matches = 0;
        while (entries.hasNext()) {
            HistoryEntry entry = entries.next();
            if (!query.matches(entry)) {
                continue;
            }
            matches++;
            if (page.size() == query.max()) {
                // One match beyond the page: it is not complete, and that is all we needed to know.
                return new ArchivePage(page, false, OptionalInt.empty());
            }
            page.add(entry);
        }
        return new ArchivePage(page, true, OptionalInt.of(matches));
    }

    private static ArchivePage after(Iterator<HistoryEntry> newestFirst, ArchiveQuery query, String id) {
        // Walking back, each match is older than the ones kept: the page is the oldest max of them.
        ArrayDeque<HistoryEntry> page = new ArrayDeque<>();
        int newer = 0;
        while (newestFirst.hasNext()) {
            HistoryEntry entry = newestFirst.next();
            if (id.equals(entry.stanzaId().orElse(null))) {
                return new ArchivePage(List.copyOf(page), newer <= query.max(), OptionalInt.empty());
            }
            if (query.matches(entry)) {
                newer++;
                page.addFirst(entry);
                if (page.size() > query.max()) {
                    page.removeLast();
                }
            }
        }
        throw new UnknownArchiveIdException();
    }

    private static ArchivePage before(Iterator<HistoryEntry> newestFirst, ArchiveQuery query, String id) {
        boolean found = id.isEmpty();
        List<HistoryEntry> page = new ArrayList<>();
        int matches = 0;
        while (newestFirst.hasNext()) {
            HistoryEntry entry = newestFirst.next();
            boolean match = query.matches(entry);
            if (match) {
                matches++;
            }
            if (!found) {
                found = id.equals(entry.stanzaId().orElse(null));
                continue;
            }
            if (!match) {
                continue;
            }
            if (page.size() == query.max()) {
                Collections.reverse(page);
                return new ArchivePage(page, false, OptionalInt.empty());
            }
            page.add(entry);
        }
        if (!found) {
            throw new UnknownArchiveIdException();
        }
        Collections.reverse(page);
        // The whole archive was read: the number of matches is exact.
        return new ArchivePage(page, true, OptionalInt.of(matches));
    }
}
