package im.switchboard.core.history;

import im.switchboard.core.stanza.StanzaIds;

/**
 * The archive ids of room messages (XEP-0313 section 5: the archive id is the XEP-0359 stanza id the message
 * carried). A message the network gave an id (IRCv3 {@code msgid}) keeps it; any other gets a fresh id when it is
 * archived, and that id is the one the live message carries.
 */
public final class ArchiveIds {

    private ArchiveIds() {
    }

    /**
     * A new id: a random per-process prefix and a counter, so unique across restarts (XEP-0313 section 7: ids are
     * never reused) and cheap on the relay's path (no lock per message).
     */
    public static String fresh() {
        return StanzaIds.next();
    }

    /**
     * The id of an entry stored before every entry had one (entries without an IRCv3 msgid): derived from where it
     * is stored, the chunk's row id and its position in the chunk, so it is the same at every read and across
     * restarts. Only entries written by earlier versions lack an id (every entry appended now gets one), so no
     * later entry can be given one of these ids again.
     */
    public static String stored(long chunkId, int index) {
        return "h" + Long.toString(chunkId, Character.MAX_RADIX) + "-" + Integer.toString(index, Character.MAX_RADIX);
    }
}
