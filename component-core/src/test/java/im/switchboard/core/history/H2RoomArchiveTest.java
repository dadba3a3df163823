package im.switchboard.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room archive (XEP-0313 section 6) of the H2 room history, with real files: ids that survive a restart
 * (section 5: the archive id is the stanza id), entries still waiting for the writer included, time filters,
 * paging both ways, only the needed chunks opened, forget (THREATS G6) and chunks written before entries had ids.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2RoomArchiveTest {

    private static final String ROMEO = "romeo@montague.lit";
    private static final String JULIET = "juliet@capulet.lit";
    private static final String ROOM = "#balcony%irc.verona.lit@irc.gw";
    private static final Instant T0 = Instant.parse("2020-04-23T05:00:00Z");
    /** Nothing is written before flush(): the test decides what is stored and what is pending. */
    private static final HistorySettings MANUAL = HistorySettings.DEFAULT.withFlushInterval(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private final MasterKey key = MasterKey.generate();
    private final List<H2RoomHistory> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(H2RoomHistory::close);
    }

    private Path file() {
        return dir.resolve("history.mv.db");
    }

    private H2RoomHistory open(HistorySettings settings) {
        H2RoomHistory history = H2RoomHistory.open(file(), key, settings);
        opened.add(history);
        return history;
    }

    /** Entry {@code i}: said i minutes after T0, by nurse (even) or tybalt (odd), id m{i}. */
    private static HistoryEntry entry(int i) {
        return new HistoryEntry(i % 2 == 0 ? "nurse" : "tybalt", "line " + i, T0.plusSeconds(60L * i),
                Optional.of("m" + i));
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
    }

    private static List<String> ids(ArchivePage page) {
        return page.entries().stream().map(ArchivePage::id).toList();
    }

    /** Appends entries [from, to) in chunks of {@code perChunk} (one flush each). */
    private static void appendInChunks(H2RoomHistory history, int from, int to, int perChunk) {
        for (int i = from; i < to; i++) {
            history.append(ROMEO, ROOM, entry(i));
            if ((i - from + 1) % perChunk == 0) {
                history.flush();
            }
        }
    }

    private static ArchiveQuery after(String id, int max) {
        return new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), max, Optional.of(id),
                Optional.empty());
    }

    private static ArchiveQuery before(String id, int max) {
        return new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), max, Optional.empty(),
                Optional.of(id));
    }

    @Test
    void entriesWaitingForTheWriterAreInTheArchiveOnceAndInOrder() {
        H2RoomHistory history = open(MANUAL);
        appendInChunks(history, 0, 3, 3);
        // Two more, not stored yet: a message just received is found (the tail is part of the archive).
        history.append(ROMEO, ROOM, entry(3));
        history.append(ROMEO, ROOM, entry(4));
        assertEquals(2, history.pendingCount());
        assertEquals(ids(0, 5), ids(history.archive(ROMEO, ROOM, ArchiveQuery.first(10))));
        assertEquals(ids(3, 5), ids(history.archive(ROMEO, ROOM, after("m2", 10))));
        assertEquals(ids(1, 4), ids(history.archive(ROMEO, ROOM, before("m4", 3))));
        history.flush();
        assertEquals(ids(0, 5), ids(history.archive(ROMEO, ROOM, ArchiveQuery.first(10))));
        assertEquals(ids(0, 5), ids(history.archive(ROMEO, ROOM, ArchiveQuery.last(10))));
    }

    @Test
    void idsAndEntriesAreTheSameAfterARestartIncludingFreshIdsOfEntriesThatHadNone() {
        H2RoomHistory first = open(MANUAL);
        appendInChunks(first, 0, 4, 2);
        first.append(ROMEO, ROOM, new HistoryEntry("nurse", "no id", T0.plusSeconds(600), Optional.empty()));
        ArchivePage before = first.archive(ROMEO, ROOM, ArchiveQuery.first(10));
        String fresh = ArchivePage.id(before.entries().getLast());
        assertFalse(fresh.isEmpty());
        first.close();
        H2RoomHistory second = open(MANUAL);
        ArchivePage after = second.archive(ROMEO, ROOM, ArchiveQuery.first(10));
        assertEquals(before.entries(), after.entries());
        assertEquals(ids(0, 4), ids(after).subList(0, 4));
        // The replay on a join carries the same ids (so a client can match history and archive).
        assertEquals(ids(after), second.recent(ROMEO, ROOM, HistoryLimit.upTo(20)).stream()
                .map(e -> e.stanzaId().orElseThrow()).toList());
        assertEquals(ids(3, 4), ids(second.archive(ROMEO, ROOM, before(fresh, 1))));
    }

    @Test
    void pagingBothWaysCoversTheArchiveWithoutGapsOrRepeats() {
        H2RoomHistory history = open(MANUAL);
        appendInChunks(history, 0, 23, 4);
        List<String> forwards = new ArrayList<>();
        ArchivePage page = history.archive(ROMEO, ROOM, ArchiveQuery.first(5));
        forwards.addAll(ids(page));
        while (!page.complete()) {
            page = history.archive(ROMEO, ROOM, after(forwards.getLast(), 5));
            forwards.addAll(ids(page));
        }
        assertEquals(ids(0, 23), forwards);
        List<String> backwards = new ArrayList<>();
        page = history.archive(ROMEO, ROOM, ArchiveQuery.last(5));
        backwards.addAll(0, ids(page));
        while (!page.complete()) {
            page = history.archive(ROMEO, ROOM, before(backwards.getFirst(), 5));
            backwards.addAll(0, ids(page));
        }
        assertEquals(ids(0, 23), backwards);
        assertThrows(UnknownArchiveIdException.class, () -> history.archive(ROMEO, ROOM, after("m99", 5)));
        assertThrows(UnknownArchiveIdException.class, () -> history.archive(ROMEO, ROOM, before("m99", 5)));
    }

    @Test
    void startEndAndNickFilterAcrossChunks() {
        H2RoomHistory history = open(MANUAL);
        appendInChunks(history, 0, 20, 5);
        history.append(ROMEO, ROOM, entry(20));
        ArchivePage window = history.archive(ROMEO, ROOM, new ArchiveQuery(Optional.of(T0.plusSeconds(60L * 7)),
                Optional.of(T0.plusSeconds(60L * 12)), Optional.empty(), 100, Optional.empty(), Optional.empty()));
        assertEquals(ids(7, 13), ids(window));
        assertTrue(window.complete());
        ArchivePage tybalt = history.archive(ROMEO, ROOM, new ArchiveQuery(Optional.of(T0.plusSeconds(60L * 15)),
                Optional.empty(), Optional.of("tybalt"), 100, Optional.empty(), Optional.empty()));
        assertEquals(List.of("m15", "m17", "m19"), ids(tybalt));
        ArchivePage nurseLast = history.archive(ROMEO, ROOM, new ArchiveQuery(Optional.empty(), Optional.empty(),
                Optional.of("nurse"), 2, Optional.empty(), Optional.of("")));
        assertEquals(List.of("m18", "m20"), ids(nurseLast));
    }

    @Test
    void aPageNearTheEndOpensOnlyTheNewestChunksAndAStartSkipsOlderOnes() {
        H2RoomHistory history = open(MANUAL);
        appendInChunks(history, 0, 50, 5);
        long opened = history.archiveChunksOpened();
        assertEquals(ids(47, 50), ids(history.archive(ROMEO, ROOM, ArchiveQuery.last(3))));
        assertEquals(1, history.archiveChunksOpened() - opened);
        opened = history.archiveChunksOpened();
        // Catching up after a recent id reads back only to it.
        assertEquals(ids(43, 50), ids(history.archive(ROMEO, ROOM, after("m42", 20))));
        assertEquals(2, history.archiveChunksOpened() - opened);
        opened = history.archiveChunksOpened();
        // A start filter leaves out, by their newest time, the chunks that hold only older entries.
        assertEquals(ids(45, 48), ids(history.archive(ROMEO, ROOM, new ArchiveQuery(
                Optional.of(T0.plusSeconds(60L * 45)), Optional.empty(), Optional.empty(), 3, Optional.empty(),
                Optional.empty()))));
        assertEquals(1, history.archiveChunksOpened() - opened);
    }

    @Test
    void forgetEmptiesTheUsersArchivesOnlyAndMaxAgeHidesOldEntries() {
        H2RoomHistory history = open(MANUAL);
        appendInChunks(history, 0, 4, 2);
        history.append(JULIET, ROOM, entry(0));
        history.append(ROMEO, ROOM, entry(4));
        history.forget(ROMEO);
        assertEquals(List.of(), history.archive(ROMEO, ROOM, ArchiveQuery.first(10)).entries());
        assertThrows(UnknownArchiveIdException.class, () -> history.archive(ROMEO, ROOM, after("m1", 10)));
        assertEquals(List.of("m0"), ids(history.archive(JULIET, ROOM, ArchiveQuery.first(10))));
        history.close();
        opened.clear();
        H2RoomHistory aged = open(MANUAL.withMaxAge(Optional.of(Duration.ofHours(1))));
        assertEquals(List.of(), aged.archive(ROMEO, ROOM, ArchiveQuery.first(10)).entries());
        // Juliet's entry of 2020 is older than the maximum age: not answered.
        assertEquals(List.of(), aged.archive(JULIET, ROOM, ArchiveQuery.first(10)).entries());
        HistoryEntry fresh = new HistoryEntry("nurse", "fresh", Instant.now().minusSeconds(5), Optional.of("f1"));
        aged.append(JULIET, ROOM, fresh);
        assertEquals(List.of("f1"), ids(aged.archive(JULIET, ROOM, ArchiveQuery.first(10))));
    }

    @Test
    void entriesOfChunksWrittenWithoutIdsGetIdsFromWhereTheyAreStoredTheSameAtEveryRead() throws Exception {
        // A chunk as earlier versions wrote it for a network without msgids: entries without stanza ids.
        HistoryFile file = HistoryFile.open(file(), key);
        try {
            RoomTail tail = new RoomTail(10);
            List<PendingOp> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                batch.add(new PendingOp.Append(7 + i, ROMEO, ROOM,
                        new HistoryEntry("nurse", "old " + i, T0.plusSeconds(i), Optional.empty()), tail));
            }
            file.write(batch, List.of(), 100);
        } finally {
            file.close();
        }
        H2RoomHistory history = open(MANUAL);
        List<String> derived = ids(history.archive(ROMEO, ROOM, ArchiveQuery.first(10)));
        assertEquals(List.of(ArchiveIds.stored(9, 0), ArchiveIds.stored(9, 1), ArchiveIds.stored(9, 2)), derived);
        assertEquals(3, derived.stream().distinct().count());
        history.append(ROMEO, ROOM, entry(5));
        assertEquals(List.of(derived.get(2), "m5"), ids(history.archive(ROMEO, ROOM, after(derived.get(1), 10))));
        history.close();
        opened.clear();
        H2RoomHistory reopened = open(MANUAL);
        assertEquals(derived, ids(reopened.archive(ROMEO, ROOM, ArchiveQuery.first(3))));
        assertEquals(derived, reopened.recent(ROMEO, ROOM, HistoryLimit.upTo(20)).subList(0, 3).stream()
                .map(e -> e.stanzaId().orElseThrow()).toList());
    }
}
