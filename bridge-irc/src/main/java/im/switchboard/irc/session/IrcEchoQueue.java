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
 * <p>The server echoes a client's lines in the order it sent them, but not every line: one it refuses (404, 408,
 * 477, 489, 492, {@code FAIL PRIVMSG}) or drops silently (flood control) has no echo. So a line sent waits here with
 * its stanza id <em>and its text</em>, per target in the order sent, and an echo takes the first waiting line with
 * the same text; lines sent before that one had no echo and are released, not reflected. A refusal releases the
 * oldest waiting line of its target (refusals come in order too), and lines wait at most a few seconds
 * ({@link #expireBefore}), so a refused line never lends its id to the next echo and the queue does not grow.
 *
 * <p>The session reports a line after handing it to the connection, and on loopback the echo can be read before
 * that report: an echo that finds no waiting line is <em>held</em> as an orphan, and the next line reported for
 * that target with the same text claims it. An orphan no line claims (the echo of a raw command the user typed) is
 * shown as an ordinary message once a later line to that target does not match it, or once it has waited for a
 * grace period.
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

    /**
     * A line sent and not yet echoed.
     *
     * @param stanzaId the XMPP stanza it came from ("" for none)
     * @param text     the text as sent (the last parameter of the PRIVMSG or NOTICE)
     * @param sentAt   when it was reported
     */
    record Sent(String stanzaId, String text, Instant sentAt) {
        Sent {
            Objects.requireNonNull(stanzaId, "stanzaId");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(sentAt, "sentAt");
        }
    }

    private final Map<String, ArrayDeque<Sent>> pending = new HashMap<>();
    private final Map<String, ArrayDeque<Orphan>> orphans = new HashMap<>();

    /** A line with {@code text} was sent to the target with folded name {@code key}, for {@code stanzaId}. */
    void expect(String key, String stanzaId, String text, Instant sentAt) {
        pending.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Sent(stanzaId, text, sentAt));
    }

    /**
     * The echo of {@code text} to {@code key} came: the stanza id of the first waiting line with that text, now
     * taken; the lines sent before it had no echo and are released. Empty when no line waits with that text.
     */
    Optional<String> takeEcho(String key, String text) {
        ArrayDeque<Sent> q = pending.get(key);
        if (q == null || q.stream().noneMatch(s -> s.text().equals(text))) {
            return Optional.empty();
        }
        Sent head = q.pollFirst();
        while (!head.text().equals(text)) {
            head = q.pollFirst();
        }
        if (q.isEmpty()) {
            pending.remove(key);
        }
        return Optional.of(head.stanzaId());
    }

    /** The server refused the oldest line to {@code key} waiting for its echo: released, its id returned. */
    Optional<String> refused(String key) {
        return poll(pending, key).map(Sent::stanzaId);
    }

    /** How many lines to {@code key} wait for their echo. */
    int waiting(String key) {
        ArrayDeque<Sent> q = pending.get(key);
        return q == null ? 0 : q.size();
    }

    /** Releases the lines reported before {@code cutoff} that were never echoed (dropped silently). */
    void expireBefore(Instant cutoff) {
        Iterator<Map.Entry<String, ArrayDeque<Sent>>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            ArrayDeque<Sent> q = it.next().getValue();
            while (!q.isEmpty() && q.peekFirst().sentAt().isBefore(cutoff)) {
                q.pollFirst();
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    boolean hasPending() {
        return !pending.isEmpty();
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
