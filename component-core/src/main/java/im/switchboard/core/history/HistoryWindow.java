package im.switchboard.core.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Which of a room's remembered entries a join replays (XEP-0045 section 7.2.14, "Managing Discussion History"):
 * the newest entries that meet every criterion at once. The service "MUST send the smallest amount of traffic
 * that meets any combination of the above criteria" and only complete stanzas, so the walk goes from the newest
 * entry back and stops at the first one that would break a limit. Pure.
 */
final class HistoryWindow {

    private HistoryWindow() {
    }

    /**
     * @param entries   the room's entries, oldest first
     * @param limit     what the user asked, capped by the gateway
     * @param notBefore entries older than this are expired (retention by age), if set
     * @return the selected entries, oldest first
     */
    static List<HistoryEntry> select(List<HistoryEntry> entries, HistoryLimit limit, Optional<Instant> notBefore) {
        int maxStanzas = Math.min(limit.cap(), limit.maxStanzas().orElse(Integer.MAX_VALUE));
        long maxChars = limit.maxChars().orElse(Integer.MAX_VALUE);
        List<HistoryEntry> selected = new ArrayList<>();
        long chars = 0;
        for (int i = entries.size() - 1; i >= 0 && selected.size() < maxStanzas; i--) {
            HistoryEntry entry = entries.get(i);
            if (limit.since().isPresent() && entry.at().isBefore(limit.since().get())
                    || notBefore.isPresent() && entry.at().isBefore(notBefore.get())) {
                // Entries are in arrival order, and a network's time stamps may be slightly out of order: keep
                // walking rather than stop, so a late stamp does not hide newer entries.
                continue;
            }
            chars += entry.body().length();
            if (chars > maxChars) {
                break;
            }
            selected.add(entry);
        }
        Collections.reverse(selected);
        return selected;
    }
}
