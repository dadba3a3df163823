package im.switchboard.irc.session;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The user's channel messages sent but not yet echoed by the server (IRCv3 {@code echo-message}), first in first
 * out per target (threat I10). The server echoes a client's messages in the order it sent them, so the n-th echo
 * to a target is the reflection of the n-th line sent there; each entry is taken once, so a message is never
 * reflected twice. Not thread-safe: used under the translator's lock.
 */
final class IrcEchoQueue {

    private final Map<String, ArrayDeque<String>> pending = new HashMap<>();

    /** Line sent to the target with folded name {@code key}, as part of the XMPP stanza {@code stanzaId}. */
    void expect(String key, String stanzaId) {
        pending.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(stanzaId);
    }

    /** The stanza id of the oldest line to {@code key} not yet echoed, now taken. */
    Optional<String> take(String key) {
        ArrayDeque<String> q = pending.get(key);
        if (q == null) {
            return Optional.empty();
        }
        String id = q.pollFirst();
        if (q.isEmpty()) {
            pending.remove(key);
        }
        return Optional.ofNullable(id);
    }

    /** How many lines to {@code key} wait for their echo. */
    int waiting(String key) {
        ArrayDeque<String> q = pending.get(key);
        return q == null ? 0 : q.size();
    }

    void clear() {
        pending.clear();
    }
}
