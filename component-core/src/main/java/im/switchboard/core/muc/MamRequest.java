package im.switchboard.core.muc;

import im.switchboard.core.history.ArchiveQuery;
import java.util.Objects;
import java.util.Optional;

/**
 * A room archive query as read from the stanza (XEP-0313 section 4).
 *
 * @param queryId    the {@code queryid} to echo in every result (section 4.2), if given
 * @param query      the filters and the page
 * @param flipPage   whether the page is sent newest first ({@code <flip-page/>}, section 4.3.4)
 * @param otherThanRoom whether {@code with} names an entity that is neither the room nor one of its occupants: no
 *                   message of the room's archive matches it (section 4.1.1)
 */
record MamRequest(Optional<String> queryId, ArchiveQuery query, boolean flipPage, boolean otherThanRoom) {

    MamRequest {
        Objects.requireNonNull(queryId, "queryId");
        Objects.requireNonNull(query, "query");
    }
}
