package im.switchboard.irc.connection;

import im.switchboard.config.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Who connects, with what identity and secrets. Secrets are {@link Secret}s: never printed or logged (G3).
 *
 * @param user             the XMPP user (bare JID), for logs and per-user jitter
 * @param server           the allow-listed server
 * @param nick             the wanted nick
 * @param username         the USER name (ident)
 * @param realname         the real name
 * @param serverPassword   the PASS password, if any
 * @param saslAccount      the SASL PLAIN account, if any (with {@code saslPassword})
 * @param saslPassword     the SASL PLAIN password, if any
 * @param nickservPassword the NickServ IDENTIFY password, used when SASL is not available or not configured
 */
public record IrcConnectRequest(String user, IrcServerPolicy server, String nick, String username, String realname,
        Optional<Secret> serverPassword, Optional<String> saslAccount, Optional<Secret> saslPassword,
        Optional<Secret> nickservPassword) {

    public IrcConnectRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realname, "realname");
        Objects.requireNonNull(serverPassword, "serverPassword");
        Objects.requireNonNull(saslAccount, "saslAccount");
        Objects.requireNonNull(saslPassword, "saslPassword");
        Objects.requireNonNull(nickservPassword, "nickservPassword");
    }
}
