package im.switchboard.irc.connection;

import im.switchboard.config.Secret;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link Registration} needs to know, resolved from the request and the policy.
 *
 * @param nick             the wanted nick (already checked to be one IRC word)
 * @param serverPassword   PASS
 * @param saslAccount      SASL PLAIN authentication identity
 * @param saslPassword     SASL PLAIN password
 * @param nickservPassword NickServ IDENTIFY password, used only when SASL did not succeed
 * @param webirc           the whole WEBIRC line's parameters when the policy has a password
 * @param wantedCaps       the capabilities to request when offered
 * @param maxNickAttempts  alternative nicks tried before giving up
 */
record RegistrationPlan(String nick, Optional<Secret> serverPassword, Optional<String> saslAccount,
        Optional<Secret> saslPassword, Optional<Secret> nickservPassword, Optional<Webirc> webirc,
        Set<String> wantedCaps, int maxNickAttempts) {

    /** The capabilities the gateway asks for when the server offers them (see the package documentation). */
    static final Set<String> WANTED_CAPS = Set.of("sasl", "multi-prefix", "server-time", "message-tags",
            "echo-message", "away-notify", "account-notify", "extended-join", "chghost", "batch", "cap-notify",
            "userhost-in-names");

    RegistrationPlan {
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(serverPassword, "serverPassword");
        Objects.requireNonNull(saslAccount, "saslAccount");
        Objects.requireNonNull(saslPassword, "saslPassword");
        Objects.requireNonNull(nickservPassword, "nickservPassword");
        Objects.requireNonNull(webirc, "webirc");
        wantedCaps = Set.copyOf(wantedCaps);
    }

    /** Whether SASL PLAIN credentials are complete. */
    boolean hasSasl() {
        return saslAccount.isPresent() && saslPassword.isPresent() && !saslPassword.get().isEmpty();
    }

    /**
     * WEBIRC (IRCv3 WebIRC): {@code WEBIRC password gateway hostname ip}.
     *
     * @param password the password the server shares with the gateway
     * @param gateway  the gateway's name
     * @param hostname the user's host name as the server should show it
     * @param ip       the user's address as the server should show it
     */
    record Webirc(Secret password, String gateway, String hostname, String ip) {
        Webirc {
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(ip, "ip");
        }
    }
}
