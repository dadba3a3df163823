package im.switchboard.irc.message;

import java.util.Objects;

/**
 * The source (prefix) of a message: {@code servername} or {@code nick [ "!" user ] [ "@" host ]}
 * (Modern IRC, "Source"). Absent parts are empty strings.
 */
public record IrcSource(String name, String user, String host) {

    public IrcSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
    }

    /** Splits {@code nick!user@host}; the host is after the first {@code @}, the user after the first {@code !}. */
    public static IrcSource parse(String raw) {
        int at = raw.indexOf('@');
        String host = at < 0 ? "" : raw.substring(at + 1);
        String rest = at < 0 ? raw : raw.substring(0, at);
        int bang = rest.indexOf('!');
        String user = bang < 0 ? "" : rest.substring(bang + 1);
        String name = bang < 0 ? rest : rest.substring(0, bang);
        return new IrcSource(name, user, host);
    }

    /** The source as it appears on the wire, without the leading colon. */
    public String raw() {
        StringBuilder out = new StringBuilder(name);
        if (!user.isEmpty()) {
            out.append('!').append(user);
        }
        if (!host.isEmpty()) {
            out.append('@').append(host);
        }
        return out.toString();
    }
}
