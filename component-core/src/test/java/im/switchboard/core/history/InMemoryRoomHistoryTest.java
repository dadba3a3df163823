package im.switchboard.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.muc.HistoryRequests;
import im.switchboard.core.testing.stanza.Stanzas;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory history: bounded per room, per user, limits of XEP-0045 section 7.2.14, thread-safe. */
@Timeout(30)
class InMemoryRoomHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ROOM = "#verona@fake.shakespeare.lit";

    private static HistoryEntry entry(int i) {
        return new HistoryEntry("nurse", "m" + i, T0.plusSeconds(i), Optional.of("id" + i));
    }

    private static List<String> bodies(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::body).toList();
    }

    @Test
    void keepsTheLastEntriesOfEachRoomPerUser() {
        InMemoryRoomHistory history = new InMemoryRoomHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.append("romeo@montague.lit", ROOM, entry(i));
        }
        history.append("juliet@capulet.lit", ROOM, entry(9));
        assertEquals(List.of("m3", "m4", "m5"), bodies(history.recent("romeo@montague.lit", ROOM,
                HistoryLimit.upTo(100))));
        assertEquals(List.of("m9"), bodies(history.recent("juliet@capulet.lit", ROOM, HistoryLimit.upTo(100))));
        assertEquals(List.of("m5"), bodies(history.recent("romeo@montague.lit", ROOM, HistoryLimit.upTo(1))));
        history.forget("romeo@montague.lit");
        assertEquals(List.of(), history.recent("romeo@montague.lit", ROOM, HistoryLimit.upTo(100)));
        assertEquals(List.of("m9"), bodies(history.recent("juliet@capulet.lit", ROOM, HistoryLimit.upTo(100))));
    }

    @Test
    void limitsCombine() {
        InMemoryRoomHistory history = new InMemoryRoomHistory(10);
        for (int i = 1; i <= 6; i++) {
            history.append("u", ROOM, entry(i));
        }
        assertEquals(List.of("m5", "m6"), bodies(history.recent("u", ROOM,
                new HistoryLimit(OptionalInt.of(2), OptionalInt.empty(), Optional.empty(), 100))));
        assertEquals(List.of("m4", "m5", "m6"), bodies(history.recent("u", ROOM,
                new HistoryLimit(OptionalInt.empty(), OptionalInt.of(7), Optional.empty(), 100))));
        assertEquals(List.of("m5", "m6"), bodies(history.recent("u", ROOM,
                new HistoryLimit(OptionalInt.empty(), OptionalInt.empty(), Optional.of(T0.plusSeconds(5)), 100))));
        assertEquals(List.of(), history.recent("u", ROOM,
                new HistoryLimit(OptionalInt.of(0), OptionalInt.empty(), Optional.empty(), 100)));
        assertEquals(List.of(), new InMemoryRoomHistory(0).recent("u", ROOM, HistoryLimit.upTo(5)));
    }

    @Test
    void theHistoryElementIsRead() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        HistoryLimit limit = HistoryRequests.parse(Stanzas.parseElement("""
                <x xmlns='http://jabber.org/protocol/muc'>
                  <history maxstanzas='20' maxchars='65000' seconds='180' since='2026-01-01T11:58:30+00:00'/>
                </x>"""), 50, now);
        assertEquals(new HistoryLimit(OptionalInt.of(20), OptionalInt.of(65000),
                Optional.of(Instant.parse("2026-01-01T11:58:30Z")), 50), limit);
        assertEquals(HistoryLimit.upTo(50), HistoryRequests.parse(null, 50, now));
        assertEquals(new HistoryLimit(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), 50),
                HistoryRequests.parse(Stanzas.parseElement("""
                        <x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='-1' since='yesterday'/></x>
                        """), 50, now));
    }

    @Test
    void concurrentAppendsKeepTheBound() throws InterruptedException {
        InMemoryRoomHistory history = new InMemoryRoomHistory(100);
        int threads = 8;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    history.append("u", ROOM, entry(i));
                }
                done.countDown();
            });
        }
        assertEquals(true, done.await(20, TimeUnit.SECONDS));
        assertEquals(100, history.recent("u", ROOM, HistoryLimit.upTo(1000)).size());
    }
}
