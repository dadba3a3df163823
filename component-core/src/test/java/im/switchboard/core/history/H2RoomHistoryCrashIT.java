package im.switchboard.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.registration.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process that dies without {@code close()} keeps of the write-behind history: every entry the writer had
 * committed (each batch reaches the file at its commit), and of the entries appended after, at most those; never
 * a damaged file. The loss is bounded by one flush interval's worth of entries.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2RoomHistoryCrashIT {

    @TempDir
    Path dir;

    @Test
    void aKilledProcessKeepsEveryCommittedBatchAndLosesAtMostTheLastInterval() throws Exception {
        Path file = dir.resolve("history.mv.db");
        Path keyFile = dir.resolve("key");
        MasterKey key = MasterKey.generate();
        key.writeTo(keyFile);
        int stored = 3_000;
        int extra = 500;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), HistoryCrashChild.class.getName(),
                file.toString(), keyFile.toString(), Integer.toString(stored), Integer.toString(extra)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the child ended");
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
        assertEquals(137, process.exitValue(), output);
        assertTrue(output.contains(HistoryCrashChild.STORED_LINE + stored), output);

        try (H2RoomHistory history = H2RoomHistory.open(file, key, HistorySettings.DEFAULT.withPerRoom(10_000))) {
            List<HistoryEntry> left = history.recent(HistoryCrashChild.USER, HistoryCrashChild.ROOM,
                    HistoryLimit.upTo(10_000));
            assertTrue(left.size() >= stored && left.size() <= stored + extra, "kept " + left.size());
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < left.size(); i++) {
                HistoryEntry expected = HistoryCrashChild.entry(i);
                HistoryEntry got = left.get(i);
                // Appends get an archive id (XEP-0313) when the caller gave none: compare the rest, and the ids
                // separately (present, distinct, as written before the crash).
                assertEquals(expected, new HistoryEntry(got.nick(), got.body(), got.at(), expected.stanzaId()));
                assertTrue(got.stanzaId().isPresent() && ids.add(got.stanzaId().get()), "entry " + i + " id");
            }
            // The file is usable: new entries go after the survivors.
            history.append(HistoryCrashChild.USER, HistoryCrashChild.ROOM, HistoryCrashChild.entry(left.size()));
            history.flush();
            assertEquals(left.size() + 1L, history.storedRows());
        }
    }
}
