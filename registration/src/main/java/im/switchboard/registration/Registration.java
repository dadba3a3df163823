package im.switchboard.registration;

import im.switchboard.config.Secret;
import java.util.Map;
import java.util.Objects;

/**
 * One user's registration with one bridge.
 *
 * @param user    the normalised bare JID ({@code romeo@montague.lit}), the key of all per-user state (THREATS G8)
 * @param fields  the non-secret registration values by field name (nick, username, ...); immutable
 * @param secrets the secret values by field name (passwords), which the store keeps encrypted; immutable and
 *                masked in {@link #toString()}
 */
public record Registration(String user, Map<String, String> fields, Map<String, Secret> secrets) {

    public Registration {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty() || user.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a registration is keyed by a bare JID: " + user);
        }
        fields = Map.copyOf(fields);
        secrets = Map.copyOf(secrets);
        for (String name : secrets.keySet()) {
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("field '" + name + "' is both secret and not secret");
            }
        }
    }

    /** A registration without secrets. */
    public Registration(String user, Map<String, String> fields) {
        this(user, fields, Map.of());
    }
}
