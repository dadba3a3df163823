package im.switchboard.core.disco;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code <item/>} of a disco#items answer (XEP-0030 section 4.1).
 *
 * @param jid  the item's JID
 * @param node the item's node, if any
 * @param name a human-readable name, or empty
 */
public record DiscoItem(String jid, Optional<String> node, String name) {

    public DiscoItem {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
    }
}
