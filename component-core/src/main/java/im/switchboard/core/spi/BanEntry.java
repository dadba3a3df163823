package im.switchboard.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a room's ban list as the network keeps it (XEP-0045 section 9.2 asks for the list of outcasts).
 * Legacy networks often ban patterns rather than accounts (an IRC ban is a {@code nick!user@host} mask), so the
 * entry carries the pattern as the network prints it and, only when the pattern names exactly one legacy user,
 * that user.
 *
 * @param mask  the ban as the network prints it; never empty
 * @param user  the one legacy user the ban names (an IRC mask {@code nick!*@*}), if it names exactly one
 * @param setBy who set the ban, as the network names them, if it says
 * @param setAt when the ban was set, if the network says
 */
public record BanEntry(String mask, Optional<LegacyAddress> user, Optional<String> setBy, Optional<Instant> setAt) {

    public BanEntry {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(setBy, "setBy");
        Objects.requireNonNull(setAt, "setAt");
        if (mask.isEmpty()) {
            throw new IllegalArgumentException("empty ban mask");
        }
    }
}
