package im.switchboard.registration;

import java.util.Map;
import java.util.Objects;

/**
 * One user's registration with one bridge.
 *
 * @param user   the normalised bare JID ({@code romeo@montague.lit}), the key of all per-user state
 * @param fields the registration form's values by field name; immutable
 */
public record Registration(String user, Map<String, String> fields) {

    public Registration {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty() || user.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a registration is keyed by a bare JID: " + user);
        }
        fields = Map.copyOf(fields);
    }
}
