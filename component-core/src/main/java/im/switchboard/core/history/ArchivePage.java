package im.switchboard.core.history;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One page of a room archive (XEP-0313 section 4.3), oldest first. Every entry has its archive id as
 * {@link HistoryEntry#stanzaId()}: the id the live message carried as its XEP-0359 stanza id (XEP-0313 section 5).
 *
 * @param entries  the entries of the page, in archive order
 * @param complete whether the page reaches the end of the result set in the direction asked (the last page when
 *                 paging forwards, the first when paging backwards): XEP-0313 section 4.3.2 {@code complete}
 * @param count    the number of entries matching the filters, when the walk saw them all (XEP-0059 {@code <count/>},
 *                 optional in XEP-0313 section 4.3.1)
 */
public record ArchivePage(List<HistoryEntry> entries, boolean complete, OptionalInt count) {

    public ArchivePage {
        entries = List.copyOf(entries);
        Objects.requireNonNull(count, "count");
        for (HistoryEntry entry : entries) {
            if (entry.stanzaId().isEmpty()) {
                throw new IllegalArgumentException("an archived entry without id");
            }
        }
    }

    /** The archive id of an entry of the page. */
    public static String id(HistoryEntry entry) {
        return entry.stanzaId().orElseThrow();
    }
}
