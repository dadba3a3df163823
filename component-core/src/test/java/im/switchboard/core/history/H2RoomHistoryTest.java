package im.switchboard.core.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The write-behind room history in an encrypted H2 file (XEP-0045 section 7.2.14; THREATS G2, G6). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2RoomHistoryTest {

    private static final String ROMEO = "romeo@montague.lit";
    private static final String JULIET = "juliet@capulet.lit";
    private static final String ROOM = "#balcony%irc.verona.lit@irc.gw";
    private static final String OTHER_ROOM = "#garden%irc.verona.lit@irc.gw";
    private static final Instant T0 = Instant.parse("2020-04-23T05:00:00.123456789Z");

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

    private H2RoomHistory open() {
        return open(HistorySettings.DEFAULT);
    }

    /** Entry {@code i}; every entry has an id, as every archived entry does (XEP-0313 section 5, ArchiveIds). */
    private static HistoryEntry entry(int i) {
        return new HistoryEntry("nick" + i, "message " + i, T0.plusSeconds(i), Optional.of("id-" + i));
    }

    private static List<HistoryEntry> entries(int from, int to) {
        List<HistoryEntry> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(entry(i));
        }
        return list;
    }

    @Test
    void entriesComeBackOldestFirstBeforeAndAfterTheyAreStored() throws Exception {
        H2RoomHistory history = open();
        for (HistoryEntry e : entries(0, 3)) {
            history.append(ROMEO, ROOM, e);
        }
        // Pending entries are seen at once: recent() sees everything appended before it.
        assertEquals(entries(0, 3), history.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        history.flush();
        assertEquals(3, history.storedRows());
        assertEquals(entries(0, 3), history.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        assertEquals(List.of(), history.recent(ROMEO, OTHER_ROOM, HistoryLimit.upTo(20)));
        assertEquals(List.of(), history.recent(JULIET, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void aBatchLargerThanTheRetentionStoresOnlyTheNewestEntriesOfEachRoom() throws Exception {
        // A minute's interval: the one batch is the explicit flush's.
        HistorySettings five = HistorySettings.DEFAULT.withPerRoom(5).withFlushInterval(Duration.ofMinutes(1));
        H2RoomHistory history = open(five);
        for (HistoryEntry e : entries(0, 50)) {
            history.append(ROMEO, ROOM, e);
        }
        history.append(ROMEO, OTHER_ROOM, entry(100));
        history.flush();
        assertEquals(5 + 1, history.storedRows(), "the 45 older entries of the burst were never written");
        history.close();
        H2RoomHistory reopened = open(five);
        assertEquals(entries(45, 50), reopened.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        assertEquals(List.of(entry(100)), reopened.recent(ROMEO, OTHER_ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void aRestartKeepsTheHistoryWithItsTimesNicksAndStanzaIds() {
        H2RoomHistory first = open();
        entries(0, 5).forEach(e -> first.append(ROMEO, ROOM, e));
        first.close();
        H2RoomHistory second = open();
        assertEquals(entries(0, 5), second.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        entries(5, 8).forEach(e -> second.append(ROMEO, ROOM, e));
        assertEquals(entries(0, 8), second.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        second.close();
        // A room first appended to, then read, after a restart: stored rows in front of the new ones.
        H2RoomHistory third = open();
        third.append(ROMEO, ROOM, entry(8));
        assertEquals(entries(0, 9), third.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void maxstanzasAndTheGatewayCapTakeTheNewest() {
        H2RoomHistory history = open();
        entries(0, 30).forEach(e -> history.append(ROMEO, ROOM, e));
        assertEquals(entries(10, 30), history.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        assertEquals(entries(25, 30), history.recent(ROMEO, ROOM,
                new HistoryLimit(OptionalInt.of(5), OptionalInt.empty(), Optional.empty(), 20)));
        // A client cannot ask for more than the gateway's cap.
        assertEquals(entries(10, 30), history.recent(ROMEO, ROOM,
                new HistoryLimit(OptionalInt.of(1000), OptionalInt.empty(), Optional.empty(), 20)));
        assertEquals(List.of(), history.recent(ROMEO, ROOM, HistoryLimit.upTo(0)));
    }

    @Test
    void maxcharsSendsOnlyCompleteEntriesAndZeroMeansNone() {
        H2RoomHistory history = open();
        entries(0, 10).forEach(e -> history.append(ROMEO, ROOM, e));
        // "message 9" and "message 8" are 9 characters each: 20 holds two complete ones, not a third part.
        assertEquals(entries(8, 10), history.recent(ROMEO, ROOM,
                new HistoryLimit(OptionalInt.empty(), OptionalInt.of(20), Optional.empty(), 20)));
        // XEP-0045 section 7.2.14: maxchars='0' asks for no history.
        assertEquals(List.of(), history.recent(ROMEO, ROOM,
                new HistoryLimit(OptionalInt.empty(), OptionalInt.of(0), Optional.empty(), 20)));
    }

    @Test
    void sinceAndMaxAgeLeaveOutOlderEntries() {
        H2RoomHistory history = open();
        entries(0, 10).forEach(e -> history.append(ROMEO, ROOM, e));
        assertEquals(entries(7, 10), history.recent(ROMEO, ROOM,
                new HistoryLimit(OptionalInt.empty(), OptionalInt.empty(), Optional.of(T0.plusSeconds(7)), 20)));
        history.close();
        opened.clear();
        Instant now = Instant.now();
        H2RoomHistory aged = open(HistorySettings.DEFAULT.withMaxAge(Optional.of(Duration.ofHours(1))));
        HistoryEntry fresh = new HistoryEntry("nurse", "fresh", now.minusSeconds(60), Optional.of("fresh-1"));
        aged.append(ROMEO, ROOM, fresh);
        // The ten entries of T0 (2020) are older than an hour: expired.
        assertEquals(List.of(fresh), aged.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void retentionKeepsTheLastEntriesPerRoomInTheFile() throws Exception {
        HistorySettings fivePerRoom = HistorySettings.DEFAULT.withPerRoom(5)
                .withFlushInterval(Duration.ofMinutes(1));
        H2RoomHistory history = open(fivePerRoom);
        // Three batches of four: each room's entries of a batch are stored together (one chunk).
        for (int batch = 0; batch < 3; batch++) {
            entries(batch * 4, batch * 4 + 4).forEach(e -> history.append(ROMEO, ROOM, e));
            history.flush();
        }
        entries(0, 3).forEach(e -> history.append(JULIET, ROOM, e));
        history.flush();
        assertEquals(entries(7, 12), history.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        // The newest five of romeo's room are in the last two chunks (8-11 and 4-7): the first one is deleted.
        assertEquals(8 + 3, history.storedRows());
        history.close();
        H2RoomHistory reopened = open(fivePerRoom);
        assertEquals(entries(7, 12), reopened.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        assertEquals(entries(0, 3), reopened.recent(JULIET, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void aBatchOfEntriesRoundTripsThroughTheChunkFormat() {
        List<HistoryEntry> entries = List.of(new HistoryEntry("ニック", "emoji 🎭 and\nnewline", T0, Optional.of("a")),
                new HistoryEntry("", "", T0.minusNanos(1), Optional.empty()), entry(3));
        assertEquals(new ChunkCodec.Chunk(ROMEO, ROOM, entries),
                ChunkCodec.decode(ChunkCodec.encode(ROMEO, ROOM, entries)));
        assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(new byte[] {9, 0, 0, 0, 1}));
        byte[] truncated = ChunkCodec.encode(ROMEO, ROOM, entries);
        assertThrows(IllegalArgumentException.class,
                () -> ChunkCodec.decode(Arrays.copyOf(truncated, truncated.length - 3)));
    }

    @Test
    void forgetDeletesStoredAndPendingEntriesOfThatUserOnly() throws Exception {
        H2RoomHistory history = open(HistorySettings.DEFAULT.withFlushInterval(Duration.ofMinutes(1)));
        entries(0, 4).forEach(e -> history.append(ROMEO, ROOM, e));
        entries(0, 2).forEach(e -> history.append(JULIET, ROOM, e));
        history.flush();
        // Two more of romeo's entries still pending when he unregisters (THREATS G6).
        entries(4, 6).forEach(e -> history.append(ROMEO, OTHER_ROOM, e));
        history.forget(ROMEO);
        assertEquals(List.of(), history.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        assertEquals(List.of(), history.recent(ROMEO, OTHER_ROOM, HistoryLimit.upTo(20)));
        assertEquals(entries(0, 2), history.recent(JULIET, ROOM, HistoryLimit.upTo(20)));
        history.flush();
        assertEquals(2, history.storedRows());
        history.close();
        H2RoomHistory reopened = open();
        assertEquals(List.of(), reopened.recent(ROMEO, OTHER_ROOM, HistoryLimit.upTo(20)));
        assertEquals(entries(0, 2), reopened.recent(JULIET, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void whenTheDiskIsBehindTheOldestPendingEntriesAreNotStoredButStillReplayed() throws Exception {
        // Nothing is written until flush(): an interval of a minute and a batch larger than the test.
        H2RoomHistory history = open(new HistorySettings(true, 100, 100, Optional.empty(), Duration.ofMinutes(1),
                1_000, 10));
        entries(0, 25).forEach(e -> history.append(ROMEO, ROOM, e));
        assertEquals(15, history.droppedForStorage());
        assertEquals(10, history.pendingCount());
        assertEquals(entries(0, 25), history.recent(ROMEO, ROOM, HistoryLimit.upTo(100)));
        history.flush();
        assertEquals(10, history.storedRows());
        history.close();
        assertEquals(entries(15, 25), open().recent(ROMEO, ROOM, HistoryLimit.upTo(100)));
    }

    @Test
    void concurrentAppendsFromManyThreadsAreAllStoredInEachRoomsOrder() throws Exception {
        int threads = 8;
        int each = 2_000;
        H2RoomHistory history = open(new HistorySettings(true, each, each, Optional.empty(),
                Duration.ofMillis(20), 500, 1_000_000));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String room = "#room" + t + "%irc.verona.lit@irc.gw";
            String user = t % 2 == 0 ? ROMEO : JULIET;
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    history.append(user, room, entry(i));
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            assertTrue(worker.join(Duration.ofSeconds(30)), "appends finished");
        }
        history.flush();
        assertEquals((long) threads * each, history.storedRows());
        assertEquals(0, history.droppedForStorage());
        history.close();
        H2RoomHistory reopened = open(new HistorySettings(true, each, each, Optional.empty(),
                Duration.ofMillis(20), 500, 1_000_000));
        for (int t = 0; t < threads; t++) {
            assertEquals(entries(0, each), reopened.recent(t % 2 == 0 ? ROMEO : JULIET,
                    "#room" + t + "%irc.verona.lit@irc.gw", HistoryLimit.upTo(each)));
        }
    }

    @Test
    void theFileHoldsNoBodyNickOrJidInTheClearAndOnlyItsOwnerMayReadIt() throws IOException {
        String body = "wherefore-art-thou-" + System.nanoTime();
        H2RoomHistory history = open();
        for (int i = 0; i < 50; i++) {
            history.append(ROMEO, ROOM, new HistoryEntry("nurse-of-verona", body + i, T0, Optional.of("sid-" + i)));
        }
        history.close();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String plain : List.of(body, "nurse-of-verona", ROMEO, "balcony")) {
                assertFalse(bytes.contains(plain), f + " holds " + plain);
                assertFalse(bytes.contains(new String(plain.getBytes(StandardCharsets.UTF_16BE),
                        StandardCharsets.ISO_8859_1)), f + " holds " + plain + " in UTF-16");
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }

    @Test
    void anotherKeyDoesNotOpenTheFileAndLeavesItAsItWas() throws IOException {
        H2RoomHistory history = open();
        history.append(ROMEO, ROOM, entry(1));
        history.close();
        byte[] before = Files.readAllBytes(file());
        HistoryStoreException e = assertThrows(HistoryStoreException.class,
                () -> H2RoomHistory.open(file(), MasterKey.generate(), HistorySettings.DEFAULT));
        assertTrue(e.getMessage().contains("master key"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file()));
        assertEquals(List.of(entry(1)), open().recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void theSameFileCannotBeOpenedTwiceAndCloseIsIdempotent() {
        H2RoomHistory history = open();
        assertThrows(HistoryStoreException.class, () -> H2RoomHistory.open(file(), key, HistorySettings.DEFAULT));
        history.append(ROMEO, ROOM, entry(0));
        history.close();
        history.close();
        // After close an append is not an error for the relay: it is counted, not stored.
        history.append(ROMEO, ROOM, entry(1));
        assertEquals(1, history.droppedForStorage());
        assertEquals(List.of(entry(0)), open().recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void deleteFilesRemovesAClosedHistoryOnly() {
        H2RoomHistory history = open();
        history.append(ROMEO, ROOM, entry(0));
        assertThrows(HistoryStoreException.class, () -> H2RoomHistory.deleteFiles(file()));
        history.close();
        assertTrue(H2RoomHistory.deleteFiles(file()));
        assertFalse(Files.exists(file()));
        assertFalse(H2RoomHistory.deleteFiles(file()));
        // A new key starts an empty history.
        try (H2RoomHistory fresh = H2RoomHistory.open(file(), MasterKey.generate(), HistorySettings.DEFAULT)) {
            assertEquals(List.of(), fresh.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
        }
    }

    @Test
    void aPathThatCouldAddH2SettingsIsRefused() {
        assertThrows(HistoryStoreException.class, () -> H2RoomHistory.open(dir.resolve("h;TRACE_LEVEL_FILE=3.mv.db"),
                key, HistorySettings.DEFAULT));
        assertThrows(HistoryStoreException.class, () -> H2RoomHistory.open(dir.resolve("history.db"), key,
                HistorySettings.DEFAULT));
    }

    @Test
    void aFileOfTheOldFormatIsRefusedAndLeftAsItWas() throws Exception {
        // Format 1: the whole file under H2's CIPHER=AES with the room-history password (THREATS G2).
        String base = dir.resolve("history").toString();
        Properties properties = new Properties();
        properties.setProperty("user", "switchboard");
        properties.put("password", DerivedKeys.h2PasswordFor(key, HistoryFile.KEY_PURPOSE));
        try (Connection old = org.h2.Driver.load().connect("jdbc:h2:file:" + base + ";CIPHER=AES", properties);
             Statement statement = old.createStatement()) {
            statement.execute("CREATE TABLE history_chunk (id BIGINT PRIMARY KEY, data VARBINARY)");
            statement.execute("INSERT INTO history_chunk VALUES (1, X'01')");
        }
        byte[] before = Files.readAllBytes(file());
        HistoryStoreException e = assertThrows(HistoryStoreException.class,
                () -> H2RoomHistory.open(file(), key, HistorySettings.DEFAULT));
        assertTrue(e.getMessage().contains("old format 1"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file()));
        // Moved away as the message says, a new history starts in its place.
        Files.move(file(), dir.resolve("old-history.bak"));
        H2RoomHistory history = open();
        history.append(ROMEO, ROOM, entry(1));
        assertEquals(List.of(entry(1)), history.recent(ROMEO, ROOM, HistoryLimit.upTo(20)));
    }

    @Test
    void aBlobDoesNotOpenUnderAnotherRowKeyOrAnotherKey() {
        BlobSealer sealer = BlobSealer.of(key);
        byte[] plain = ChunkCodec.encode(ROMEO, ROOM, entries(0, 3));
        byte[] sealed = sealer.seal(plain, BlobSealer.aad(7, 42));
        assertArrayEquals(plain, sealer.open(sealed, BlobSealer.aad(7, 42)));
        assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, BlobSealer.aad(8, 42)));
        assertThrows(IllegalArgumentException.class,
                () -> BlobSealer.of(MasterKey.generate()).open(sealed, BlobSealer.aad(7, 42)));
        // A fresh nonce per blob: the same plaintext never seals alike.
        assertFalse(Arrays.equals(sealed, sealer.seal(plain, BlobSealer.aad(7, 42))));
        assertEquals(sealer.roomKey(ROMEO, ROOM), BlobSealer.of(key).roomKey(ROMEO, ROOM));
        assertFalse(sealer.roomKey(ROMEO, ROOM) == BlobSealer.of(MasterKey.generate()).roomKey(ROMEO, ROOM));
    }

    @Test
    void blobsSealedInSlicesOpenAtEverySizeAroundTheSliceAndStillRefuseTampering() {
        BlobSealer sealer = BlobSealer.of(key);
        int slice = BlobSealer.SEAL_SLICE;
        for (int size : new int[] {0, 1, 15, 16, slice - 1, slice, slice + 1, 3 * slice + 7, 1 << 20}) {
            byte[] plain = new byte[size];
            for (int i = 0; i < size; i++) {
                plain[i] = (byte) (i * 31 + size);
            }
            byte[] sealed = sealer.seal(plain, BlobSealer.aad(size, 42));
            assertEquals(12 + size + 16, sealed.length, "nonce, ciphertext, tag for " + size);
            assertArrayEquals(plain, sealer.open(sealed, BlobSealer.aad(size, 42)), "size " + size);
            if (size > 0) {
                byte[] tampered = sealed.clone();
                tampered[12 + size / 2] ^= 1;
                assertThrows(IllegalArgumentException.class, () -> sealer.open(tampered, BlobSealer.aad(size, 42)));
            }
        }
    }

    @Test
    void tailsAreBoundedAndAnEvictedRoomIsReadBackFromTheFileWithThisRunsEntries() throws Exception {
        H2RoomHistory history = H2RoomHistory.open(file(), key, HistorySettings.DEFAULT, 2);
        opened.add(history);
        for (int r = 0; r < 6; r++) {
            history.append(ROMEO, "#room" + r + "%irc.verona.lit@irc.gw", entry(r));
            history.append(ROMEO, "#room" + r + "%irc.verona.lit@irc.gw", entry(r + 10));
        }
        history.flush();
        // The writer evicts right after the batch that made the tails evictable.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (history.tailCount() > 2 && System.nanoTime() < deadline) {
            history.flush();
        }
        assertTrue(history.tailCount() <= 2, "tails: " + history.tailCount());
        for (int r = 0; r < 6; r++) {
            assertEquals(List.of(entry(r), entry(r + 10)),
                    history.recent(ROMEO, "#room" + r + "%irc.verona.lit@irc.gw", HistoryLimit.upTo(20)));
        }
        // A reloaded tail takes new entries after the stored ones, and stores them once.
        history.append(ROMEO, "#room0%irc.verona.lit@irc.gw", entry(20));
        history.flush();
        assertEquals(List.of(entry(0), entry(10), entry(20)),
                history.recent(ROMEO, "#room0%irc.verona.lit@irc.gw", HistoryLimit.upTo(20)));
        assertEquals(13, history.storedRows());
    }

    @Test
    void aTailWithEntriesNotYetStoredIsNotEvicted() {
        RoomTail tail = new RoomTail(10);
        AtomicLong seq = new AtomicLong(1);
        assertEquals(1, tail.add(seq, entry(1)));
        assertFalse(tail.evictIfFlushed());
        assertEquals(List.of(entry(1)), tail.entries());
        tail.flushed();
        assertTrue(tail.evictIfFlushed());
        // An evicted tail takes nothing more: the caller makes a new one, which reads the file.
        assertEquals(-1, tail.add(seq, entry(2)));
    }
}
