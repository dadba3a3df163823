package im.switchboard.irc.channel;

import java.util.Objects;
import java.util.Optional;

/**
 * What we know of one IRC user who shares a channel with us, whatever the channel: the parts of their source
 * ({@code nick!user@host}), their account ({@code account-notify}, {@code extended-join}), real name and away
 * state ({@code away-notify}). Mutable; owned by {@link IrcNetwork}, used under its owner's lock.
 */
public final class IrcUser {

    private String nick;
    private String user = "";
    private String host = "";
    private Optional<String> account = Optional.empty();
    private String realname = "";
    private boolean away;
    private String awayMessage = "";

    IrcUser(String nick) {
        this.nick = Objects.requireNonNull(nick, "nick");
    }

    /** The nick in its display form. */
    public String nick() {
        return nick;
    }

    void nick(String newNick) {
        this.nick = newNick;
    }

    public String user() {
        return user;
    }

    public String host() {
        return host;
    }

    /** Records the user and host parts of a source (when the source has them) or of a CHGHOST. */
    public void userHost(String newUser, String newHost) {
        if (!newUser.isEmpty()) {
            this.user = newUser;
        }
        if (!newHost.isEmpty()) {
            this.host = newHost;
        }
    }

    /** {@code nick!user@host}, as ban masks are matched against. */
    public String hostmask() {
        return nick + "!" + user + "@" + host;
    }

    public Optional<String> account() {
        return account;
    }

    /** The account the user is logged in to; {@code *} or empty means none (IRCv3 account-notify). */
    public void account(String name) {
        this.account = name == null || name.isEmpty() || name.equals("*") ? Optional.empty() : Optional.of(name);
    }

    public String realname() {
        return realname;
    }

    public void realname(String name) {
        this.realname = Objects.requireNonNull(name, "name");
    }

    public boolean away() {
        return away;
    }

    public String awayMessage() {
        return awayMessage;
    }

    /** Sets the away state; {@code message} is empty when the user is back. */
    public void away(boolean isAway, String message) {
        this.away = isAway;
        this.awayMessage = isAway ? Objects.requireNonNull(message, "message") : "";
    }
}
