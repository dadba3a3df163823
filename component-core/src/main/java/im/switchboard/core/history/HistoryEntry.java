package im.switchboard.core.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One remembered room message.
 *
 * @param nick     who said it
 * @param body     the text as it was delivered to XMPP
 * @param at       when it was said (the network's time when it gave one)
 * @param stanzaId the XEP-0359 stanza id it was delivered with, if any
 */
public record HistoryEntry(String nick, String body, Instant at, Optional<String> stanzaId) {

    public HistoryEntry {
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(stanzaId, "stanzaId");
    }

    /** This entry with {@code id} as its stanza id. */
    public HistoryEntry withStanzaId(String id) {
        return new HistoryEntry(nick, body, at, Optional.of(id));
    }

    /** This entry as archived: with its stanza id, or a fresh one if it had none ({@link ArchiveIds#fresh()}). */
    HistoryEntry archived() {
        return stanzaId.isPresent() && !stanzaId.get().isEmpty() ? this : withStanzaId(ArchiveIds.fresh());
    }
}
