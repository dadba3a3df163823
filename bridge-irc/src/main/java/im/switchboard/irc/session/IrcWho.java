package im.switchboard.irc.session;

import im.switchboard.irc.message.IrcMessage;
import java.util.List;
import java.util.Optional;

/**
 * The WHO query the translator sends after a join, and the replies that tell users' away state and account. Pure.
 *
 * <p>IRCv3 {@code away-notify}: the server tells changes of away state, and the away state of users who join
 * after us, but not the state of those already in the channel; "to fully track the away state of users, clients
 * should ... execute WHO when joining a channel". RPL_WHOREPLY (352) has it in its flags ({@code H} here,
 * {@code G} gone; Modern IRC, "AWAY message"). With the server's {@code WHOX} ISUPPORT token (IRCv3 WHOX) the
 * query asks for exactly the fields we use, the account among them, and a token that tells our replies
 * (RPL_WHOSPCRPL, 354) from those of a WHO the user sent as a raw command.
 *
 * <p>WHOIS replies tell the same of one user: RPL_AWAY (301) that they are away and why, RPL_WHOISACCOUNT (330)
 * their account; a WHOIS that ends (318) without a 301 tells they are not away.
 */
final class IrcWho {

    /** The WHOX token of our queries: digits only, at most 3 (IRCv3 WHOX, "Extended WHO command"). */
    static final String TOKEN = "152";
    /**
     * Token, channel, user, host, nick, flags, account, real name: the reply carries them in this fixed order
     * (IRCv3 WHOX, "RPL_WHOSPCRPL"), whatever order they are asked in.
     */
    static final String FIELDS = "%tcuhnfar," + TOKEN;
    /** The WHOX account placeholder of a user who is not logged in. */
    private static final String NO_ACCOUNT = "0";

    /**
     * What one WHO reply line tells of a user.
     *
     * @param nick     the user's nick
     * @param user     the user name (ident), or empty
     * @param host     the host, or empty
     * @param away     whether the flags say the user is away ({@code G})
     * @param account  the account: present only in a WHOX reply; an empty string there means logged out
     * @param realname the real name, or empty
     */
    record Reply(String nick, String user, String host, boolean away, Optional<String> account, String realname) {
    }

    private IrcWho() {
    }

    /** {@code WHO <channel>}, or with our WHOX fields when the server has WHOX. */
    static IrcMessage query(String channel, boolean whox) {
        return whox ? IrcMessage.of("WHO", channel, FIELDS) : IrcMessage.of("WHO", channel);
    }

    /**
     * RPL_WHOREPLY {@code <client> <channel> <username> <host> <server> <nick> <flags> :<hopcount> <realname>}.
     * Empty when the line is short.
     */
    static Optional<Reply> whoReply(IrcMessage m) {
        List<String> p = m.params();
        if (p.size() < 7) {
            return Optional.empty();
        }
        String trailing = p.size() > 7 ? p.get(7) : "";
        int space = trailing.indexOf(' ');
        String realname = space < 0 ? "" : trailing.substring(space + 1);
        return Optional.of(new Reply(p.get(5), p.get(2), p.get(3), isAway(p.get(6)), Optional.empty(), realname));
    }

    /**
     * RPL_WHOSPCRPL to our query: {@code <client> <token> <channel> <user> <host> <nick> <flags> <account>
     * :<realname>}. Empty for a reply to another query (another token or other fields) or a short line.
     */
    static Optional<Reply> whoxReply(IrcMessage m) {
        List<String> p = m.params();
        if (p.size() < 9 || !TOKEN.equals(p.get(1))) {
            return Optional.empty();
        }
        String account = p.get(7);
        return Optional.of(new Reply(p.get(5), p.get(3), p.get(4), isAway(p.get(6)),
                Optional.of(NO_ACCOUNT.equals(account) ? "" : account), p.get(8)));
    }

    /** RPL_WHOISUSER {@code <client> <nick> <username> <host> * :<realname>}: a WHOIS of {@code nick} starts. */
    static Optional<Reply> whoisUser(IrcMessage m) {
        List<String> p = m.params();
        if (p.size() < 6) {
            return Optional.empty();
        }
        return Optional.of(new Reply(p.get(1), p.get(2), p.get(3), false, Optional.empty(), p.get(5)));
    }

    /** WHO flags: {@code H} (here) or {@code G} (gone), then operator and membership markers. */
    private static boolean isAway(String flags) {
        return !flags.isEmpty() && flags.charAt(0) == 'G';
    }
}
