package im.switchboard.irc.session;

import im.switchboard.core.spi.RoomMessage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Matches the user's channel lines with their IRCv3 {@code echo-message} echoes (threat I10: a reflection is never
 * shown twice and never lost).
 *
 * <p>The server echoes a client's lines in the order it sent them, so the n-th echo to a target is the n-th line
 * sent there: the stanza ids of lines sent wait here first in first out per target. But the session reports a
 * line after handing it to the connection, and on loopback the echo can be read before that report: an echo that
 * finds no waiting id is <em>held</em> as an orphan, and the next line reported for that target with the same
 * text claims it. An orphan no line claims (the echo of a raw command the user typed) is shown as an ordinary
 * message once a later line to that target does not match it, or once it has waited for a grace period.
 *
 * <p>Not thread-safe: used under the translator's lock.
 */
final class IrcEchoQueue {

    /**
     * An echo that came before its line was reported.
     *
     * @param text    the echoed text, as sent
     * @param message the room message it is, without a reflection id
     * @param heldAt  when it was read
     */
    record Orphan(String text, RoomMessage message, Instant heldAt) {
        Orphan {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(heldAt, "heldAt");
        }
    }

    private final Map<String, ArrayDeque<String>> pending = new HashMap<>();
    private final Map<String, ArrayDeque<Orphan>> orphans = new HashMap<>();

    /** A line was sent to the target with folded name {@code key}, as part of the XMPP stanza {@code stanzaId}. */
    void expect(String key, String stanzaId) {
        pending.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(stanzaId);
    }

    /** The stanza id of the oldest line to {@code key} not yet echoed, now taken. */
    Optional<String> take(String key) {
        return poll(pending, key);
    }

    /** How many lines to {@code key} wait for their echo. */
    int waiting(String key) {
        ArrayDeque<String> q = pending.get(key);
        return q == null ? 0 : q.size();
    }

    /** An echo to {@code key} that no reported line was waiting for. */
    void hold(String key, Orphan orphan) {
        orphans.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(orphan);
    }

    /** The oldest orphan echo to {@code key}, now taken. */
    Optional<Orphan> takeOrphan(String key) {
        return poll(orphans, key);
    }

    boolean hasOrphans() {
        return !orphans.isEmpty();
    }

    /** Takes the orphans held since before {@code cutoff}, oldest first per target. */
    List<Orphan> takeOrphansHeldBefore(Instant cutoff) {
        List<Orphan> out = new ArrayList<>();
        Iterator<Map.Entry<String, ArrayDeque<Orphan>>> it = orphans.entrySet().iterator();
        while (it.hasNext()) {
            ArrayDeque<Orphan> q = it.next().getValue();
            while (!q.isEmpty() && q.peekFirst().heldAt().isBefore(cutoff)) {
                out.add(q.pollFirst());
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /** Takes every orphan. */
    List<Orphan> takeAllOrphans() {
        List<Orphan> out = new ArrayList<>();
        orphans.values().forEach(out::addAll);
        orphans.clear();
        return out;
    }

    void clear() {
        pending.clear();
        orphans.clear();
    }

    private static <T> Optional<T> poll(Map<String, ArrayDeque<T>> map, String key) {
        ArrayDeque<T> q = map.get(key);
        if (q == null) {
            return Optional.empty();
        }
        T head = q.pollFirst();
        if (q.isEmpty()) {
            map.remove(key);
        }
        return Optional.ofNullable(head);
    }
}
