package im.switchboard.core.spi;

import im.switchboard.config.Secret;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of a room that XEP-0045 section 10.2 lets an owner change, as far as the network can express them
 * (the {@code muc#roomconfig} fields of section 15.5.3). Read from the network by
 * {@link LegacySession#roomConfiguration}, where an empty field means the network has no such setting; given to
 * {@link LegacySession#configureRoom}, where an empty field means "leave as it is".
 *
 * @param changeSubject     whether occupants may change the subject ({@code muc#roomconfig_changesubject})
 * @param moderated         whether only occupants with voice may speak ({@code muc#roomconfig_moderatedroom})
 * @param membersOnly       whether only members (invited users) may enter ({@code muc#roomconfig_membersonly})
 * @param publicRoom        whether the room is listed ({@code muc#roomconfig_publicroom})
 * @param passwordProtected whether entering needs a password ({@code muc#roomconfig_passwordprotectedroom})
 * @param password          the password, when protected and the network shows it ({@code muc#roomconfig_roomsecret})
 * @param maxUsers          the most occupants, 0 for no limit ({@code muc#roomconfig_maxusers})
 */
public record RoomConfiguration(Optional<Boolean> changeSubject, Optional<Boolean> moderated,
        Optional<Boolean> membersOnly, Optional<Boolean> publicRoom, Optional<Boolean> passwordProtected,
        Optional<Secret> password, OptionalInt maxUsers) {

    /** Nothing known, or (as a change) nothing to change. */
    public static final RoomConfiguration NONE = new RoomConfiguration(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty());

    public RoomConfiguration {
        Objects.requireNonNull(changeSubject, "changeSubject");
        Objects.requireNonNull(moderated, "moderated");
        Objects.requireNonNull(membersOnly, "membersOnly");
        Objects.requireNonNull(publicRoom, "publicRoom");
        Objects.requireNonNull(passwordProtected, "passwordProtected");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(maxUsers, "maxUsers");
        if (maxUsers.isPresent() && maxUsers.getAsInt() < 0) {
            throw new IllegalArgumentException("maxUsers < 0");
        }
    }
}
