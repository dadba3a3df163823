package im.switchboard.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Someone in a legacy room, as XEP-0045 section 7.2.3 presents an occupant.
 *
 * @param nick        the occupant's nick in the room; unique within the room (I8: two legacy users never share one)
 * @param role        the role (section 5.1)
 * @param affiliation the affiliation (section 5.2)
 * @param contact     the legacy contact behind the occupant, if the network shows it; the core prints it as the
 *                    item's {@code jid} so a client can open a one-to-one chat
 * @param account     the account the occupant is logged in to on the legacy network, if known
 * @param away        whether the occupant is away; becomes {@code <show>away</show>}
 * @param status      a free-text status (an away message), or empty
 */
public record Occupant(String nick, Role role, Affiliation affiliation, Optional<LegacyAddress> contact,
        Optional<String> account, boolean away, String status) {

    public Occupant {
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(affiliation, "affiliation");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(status, "status");
    }

    /** A present, available participant with no standing and no known contact. */
    public static Occupant participant(String nick) {
        return new Occupant(nick, Role.PARTICIPANT, Affiliation.NONE, Optional.empty(), Optional.empty(), false, "");
    }

    /** The same occupant under another nick (XEP-0045 section 7.6, status 303). */
    public Occupant withNick(String newNick) {
        return new Occupant(newNick, role, affiliation, contact, account, away, status);
    }
}
