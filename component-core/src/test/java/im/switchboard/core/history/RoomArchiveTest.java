package im.switchboard.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Paging a room archive (XEP-0313 sections 4.1 and 4.3 with XEP-0059), on the in-memory history: what a page
 * holds, its order, {@code complete} and {@code count}, and {@code item-not-found} for an unknown id.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomArchiveTest {

    private static final String ROMEO = "romeo@montague.lit";
    private static final String JULIET = "juliet@capulet.lit";
    private static final String ROOM = "#balcony%irc.verona.lit@irc.gw";
    private static final Instant T0 = Instant.parse("2020-04-23T05:00:00Z");

    private final InMemoryRoomHistory history = new InMemoryRoomHistory(50);

    /** Ten entries: nurse says the even ones, tybalt the odd ones, a minute apart, ids m0..m9. */
    RoomArchiveTest() {
        for (int i = 0; i < 10; i++) {
            history.append(ROMEO, ROOM, new HistoryEntry(i % 2 == 0 ? "nurse" : "tybalt", "line " + i,
                    T0.plusSeconds(60L * i), Optional.of("m" + i)));
        }
    }

    private static List<String> ids(ArchivePage page) {
        return page.entries().stream().map(ArchivePage::id).toList();
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
    }

    private ArchivePage page(Optional<Instant> start, Optional<Instant> end, Optional<String> nick, int max,
            Optional<String> after, Optional<String> before) {
        return history.archive(ROMEO, ROOM, new ArchiveQuery(start, end, nick, max, after, before));
    }

    @Test
    void withoutPositionThePageStartsAtTheOldestEntry() {
        ArchivePage first = history.archive(ROMEO, ROOM, ArchiveQuery.first(4));
        assertEquals(ids(0, 4), ids(first));
        assertFalse(first.complete());
        ArchivePage all = history.archive(ROMEO, ROOM, ArchiveQuery.first(10));
        assertEquals(ids(0, 10), ids(all));
        // Section 4.3.2: complete when the page was not cut by the limit; the walk saw everything, so a count.
        assertTrue(all.complete());
        assertEquals(OptionalInt.of(10), all.count());
    }

    @Test
    void pagingForwardsWithAfterReachesTheEndExactlyOnce() {
        ArchivePage second = page(Optional.empty(), Optional.empty(), Optional.empty(), 4, Optional.of("m3"),
                Optional.empty());
        assertEquals(ids(4, 8), ids(second));
        assertFalse(second.complete());
        ArchivePage third = page(Optional.empty(), Optional.empty(), Optional.empty(), 4, Optional.of("m7"),
                Optional.empty());
        assertEquals(ids(8, 10), ids(third));
        assertTrue(third.complete());
        ArchivePage exact = page(Optional.empty(), Optional.empty(), Optional.empty(), 2, Optional.of("m7"),
                Optional.empty());
        assertEquals(ids(8, 10), ids(exact));
        assertTrue(exact.complete(), "nothing after the page");
        ArchivePage none = page(Optional.empty(), Optional.empty(), Optional.empty(), 4, Optional.of("m9"),
                Optional.empty());
        assertEquals(List.of(), ids(none));
        assertTrue(none.complete());
    }

    @Test
    void anEmptyBeforeGivesTheLastPageAndBeforeAnIdPagesBackwards() {
        // Section 4.3.3: the last page, still oldest first within it.
        ArchivePage last = history.archive(ROMEO, ROOM, ArchiveQuery.last(3));
        assertEquals(ids(7, 10), ids(last));
        assertFalse(last.complete());
        ArchivePage earlier = page(Optional.empty(), Optional.empty(), Optional.empty(), 3, Optional.empty(),
                Optional.of("m7"));
        assertEquals(ids(4, 7), ids(earlier));
        assertFalse(earlier.complete());
        ArchivePage first = page(Optional.empty(), Optional.empty(), Optional.empty(), 5, Optional.empty(),
                Optional.of("m4"));
        assertEquals(ids(0, 4), ids(first));
        // Paging backwards, complete means the start of the archive was reached.
        assertTrue(first.complete());
        assertEquals(OptionalInt.of(10), first.count());
    }

    @Test
    void anIdNotInTheArchiveIsItemNotFoundAndArchivesArePerUserAndRoom() {
        // Section 4.3.1: "If the UID ... is not present in the archive, the server MUST return an item-not-found".
        assertThrows(UnknownArchiveIdException.class, () -> page(Optional.empty(), Optional.empty(),
                Optional.empty(), 4, Optional.of("nope"), Optional.empty()));
        assertThrows(UnknownArchiveIdException.class, () -> page(Optional.empty(), Optional.empty(),
                Optional.empty(), 4, Optional.empty(), Optional.of("nope")));
        // Juliet's archive of the same room is her own: Romeo's ids are not in it.
        history.append(JULIET, ROOM, new HistoryEntry("nurse", "hers", T0, Optional.of("j0")));
        assertThrows(UnknownArchiveIdException.class, () -> history.archive(JULIET, ROOM,
                new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), 4, Optional.of("m3"),
                        Optional.empty())));
        assertEquals(List.of("j0"), ids(history.archive(JULIET, ROOM, ArchiveQuery.first(10))));
        assertEquals(List.of(), ids(history.archive(ROMEO, "#other%irc.verona.lit@irc.gw", ArchiveQuery.first(10))));
    }

    @Test
    void startEndAndWithFilterAndPagingStaysWithinTheFilteredSet() {
        // Section 4.1.2: start and end are inclusive.
        ArchivePage window = page(Optional.of(T0.plusSeconds(120)), Optional.of(T0.plusSeconds(360)),
                Optional.empty(), 10, Optional.empty(), Optional.empty());
        assertEquals(ids(2, 7), ids(window));
        assertTrue(window.complete());
        assertEquals(OptionalInt.of(5), window.count());
        // Section 6: 'with' an occupant JID is that occupant's messages.
        ArchivePage tybalt = page(Optional.empty(), Optional.empty(), Optional.of("tybalt"), 2, Optional.empty(),
                Optional.of(""));
        assertEquals(List.of("m7", "m9"), ids(tybalt));
        assertFalse(tybalt.complete());
        ArchivePage before = page(Optional.empty(), Optional.empty(), Optional.of("tybalt"), 2, Optional.empty(),
                Optional.of("m7"));
        assertEquals(List.of("m3", "m5"), ids(before));
        // An id outside the filtered set still positions the page (it is in the archive).
        ArchivePage afterNurse = page(Optional.empty(), Optional.empty(), Optional.of("tybalt"), 10,
                Optional.of("m4"), Optional.empty());
        assertEquals(List.of("m5", "m7", "m9"), ids(afterNurse));
        assertTrue(afterNurse.complete());
        ArchivePage nobody = page(Optional.empty(), Optional.empty(), Optional.of("mercutio"), 10, Optional.empty(),
                Optional.empty());
        assertEquals(List.of(), ids(nobody));
        assertEquals(OptionalInt.of(0), nobody.count());
    }

    @Test
    void maxZeroGivesNoEntriesButSaysWhetherThereAreAny() {
        ArchivePage zero = history.archive(ROMEO, ROOM, ArchiveQuery.first(0));
        assertEquals(List.of(), zero.entries());
        assertFalse(zero.complete());
        assertTrue(history.archive(JULIET, ROOM, ArchiveQuery.first(0)).complete());
    }

    @Test
    void anEntryWithoutIdGetsAFreshOneKeptAtEveryRead() {
        history.append(ROMEO, ROOM, new HistoryEntry("nurse", "no id", T0.plusSeconds(900), Optional.empty()));
        ArchivePage last = history.archive(ROMEO, ROOM, ArchiveQuery.last(1));
        String id = ArchivePage.id(last.entries().getFirst());
        assertFalse(id.isEmpty());
        assertNotEquals("m9", id);
        assertEquals(List.of(id), ids(history.archive(ROMEO, ROOM, ArchiveQuery.last(1))));
        assertEquals(id, history.recent(ROMEO, ROOM, HistoryLimit.upTo(1)).getFirst().stanzaId().orElseThrow());
        // And it positions pages like any other id.
        assertEquals(ids(9, 10), ids(page(Optional.empty(), Optional.empty(), Optional.empty(), 5,
                Optional.empty(), Optional.of(id))).subList(4, 5));
    }

    @Test
    void retentionAndForgetDecideWhatTheArchiveHolds() {
        InMemoryRoomHistory small = new InMemoryRoomHistory(3);
        for (int i = 0; i < 5; i++) {
            small.append(ROMEO, ROOM, new HistoryEntry("nurse", "line " + i, T0, Optional.of("m" + i)));
        }
        assertEquals(ids(2, 5), ids(small.archive(ROMEO, ROOM, ArchiveQuery.first(10))));
        // The oldest were dropped: their ids are no longer in the archive (section 3.1: no holes, oldest go).
        assertThrows(UnknownArchiveIdException.class, () -> small.archive(ROMEO, ROOM, new ArchiveQuery(
                Optional.empty(), Optional.empty(), Optional.empty(), 4, Optional.of("m0"), Optional.empty())));
        small.forget(ROMEO);
        assertEquals(List.of(), small.archive(ROMEO, ROOM, ArchiveQuery.first(10)).entries());
        assertTrue(small.archives());
        assertFalse(new InMemoryRoomHistory(0).archives());
        assertFalse(NoRoomHistory.INSTANCE.archives());
        assertThrows(UnsupportedOperationException.class,
                () -> NoRoomHistory.INSTANCE.archive(ROMEO, ROOM, ArchiveQuery.first(1)));
    }

    @Test
    void aQueryRefusesBothAfterAndBeforeAndANegativeMax() {
        assertThrows(IllegalArgumentException.class, () -> new ArchiveQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), 1, Optional.of("a"), Optional.of("b")));
        assertThrows(IllegalArgumentException.class, () -> ArchiveQuery.first(-1));
        // Retention by age narrows the start, never widens it.
        ArchiveQuery q = ArchiveQuery.first(1).notBefore(T0);
        assertEquals(Optional.of(T0), q.start());
        ArchiveQuery later = new ArchiveQuery(Optional.of(T0.plusSeconds(5)), Optional.empty(), Optional.empty(), 1,
                Optional.empty(), Optional.empty()).notBefore(T0);
        assertEquals(Optional.of(T0.plusSeconds(5)), later.start());
    }
}
