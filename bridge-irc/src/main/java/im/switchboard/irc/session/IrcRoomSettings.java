package im.switchboard.irc.session;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.BanEntry;
import im.switchboard.core.spi.ForbiddenException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.RoomConfiguration;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.core.spi.UnsupportedException;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.channel.IrcModeChange;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.message.IrcMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A channel's ban list and settings for XEP-0045 admins and owners, in IRC channel modes (Modern IRC, "Channel
 * Modes"): the ban list (section 9.2) is {@code MODE #chan b}; the room configuration (section 10.2) is read from
 * RPL_CHANNELMODEIS and changed with {@code MODE}:
 * <ul>
 *   <li>{@code muc#roomconfig_changesubject}: the inverse of {@code +t} (protected topic);</li>
 *   <li>{@code muc#roomconfig_moderatedroom}: {@code +m};</li>
 *   <li>{@code muc#roomconfig_membersonly}: {@code +i} (invite-only: IRC's invitees are the "members");</li>
 *   <li>{@code muc#roomconfig_publicroom}: neither {@code +s} (secret) nor {@code +p} (private); making a room
 *       not public sets {@code +s};</li>
 *   <li>{@code muc#roomconfig_passwordprotectedroom} and {@code muc#roomconfig_roomsecret}: {@code +k key};</li>
 *   <li>{@code muc#roomconfig_maxusers}: {@code +l limit}, none when unset.</li>
 * </ul>
 * Only channel operators (halfop or higher, {@link IrcEventTranslator#isOperator}) may read or change the settings
 * ({@code forbidden} otherwise); the server still decides and refuses a change with ERR_CHANOPRIVSNEEDED. Only
 * the differences are sent. Runs on the user's actor; blocks while the server answers, at most
 * {@code timeout}.
 */
final class IrcRoomSettings {

    private final Duration timeout;

    IrcRoomSettings(Duration timeout) {
        this.timeout = timeout;
    }

    /** The ban list: one entry per RPL_BANLIST; a mask {@code nick!*@*} names that user. */
    List<BanEntry> banList(IrcServerLink link, IrcAddress.Channel channel) throws LegacyException {
        IrcConnection connection = link.connection();
        ChannelQueries.Pending<List<ChannelQueries.Ban>> pending = link.channelQueries().beginBans(channel.name());
        connection.send(IrcMessage.of("MODE", channel.name(), "b"));
        List<ChannelQueries.Ban> bans = answer(await(pending), channel, "list the bans of");
        List<BanEntry> entries = new ArrayList<>();
        for (ChannelQueries.Ban ban : bans) {
            entries.add(new BanEntry(ban.mask(), maskedNick(ban.mask()).map(
                    nick -> (LegacyAddress) new IrcAddress.User(channel.server(), nick)), ban.setBy(), ban.setAt()));
        }
        return entries;
    }

    /** The settings from a fresh RPL_CHANNELMODEIS. */
    RoomConfiguration configuration(IrcServerLink link, IrcAddress.Channel channel) throws LegacyException {
        requireOperator(link, channel);
        return fromModes(currentModes(link, channel));
    }

    /** Sends the MODE changes that make the channel's settings what {@code wanted} asks; nothing when none differ. */
    void configure(IrcServerLink link, IrcAddress.Channel channel, RoomConfiguration wanted) throws LegacyException {
        requireOperator(link, channel);
        Map<Character, Optional<String>> current = currentModes(link, channel);
        for (IrcMessage mode : changes(channel.name(), current, wanted)) {
            link.send(mode);
        }
    }

    /**
     * The MODE lines from {@code current} (set modes with their parameters) to {@code wanted}: the flags in one
     * line, each mode with a parameter in a line of its own (servers limit the parameters per line, MODES).
     */
    static List<IrcMessage> changes(String channel, Map<Character, Optional<String>> current,
            RoomConfiguration wanted) throws UnsupportedException {
        StringBuilder flags = new StringBuilder();
        flag(flags, current, 't', wanted.changeSubject().map(b -> !b));
        flag(flags, current, 'm', wanted.moderated());
        flag(flags, current, 'i', wanted.membersOnly());
        if (wanted.publicRoom().isPresent()) {
            boolean isPublic = !current.containsKey('s') && !current.containsKey('p');
            if (wanted.publicRoom().get() && !isPublic) {
                flag(flags, current, 's', Optional.of(false));
                flag(flags, current, 'p', Optional.of(false));
            } else if (!wanted.publicRoom().get() && isPublic) {
                flag(flags, current, 's', Optional.of(true));
            }
        }
        List<IrcMessage> out = new ArrayList<>();
        if (!flags.isEmpty()) {
            out.add(IrcMessage.of("MODE", channel, flags.toString()));
        }
        Optional<String> key = current.getOrDefault('k', Optional.empty());
        boolean keyed = current.containsKey('k');
        if (wanted.passwordProtected().isPresent()) {
            if (!wanted.passwordProtected().get()) {
                if (keyed) {
                    // RFC 2812 and most servers want the key (or any word) as the parameter of -k.
                    out.add(IrcMessage.of("MODE", channel, "-k", key.orElse("*")));
                }
            } else if (wanted.password().isEmpty()) {
                // Protected with no new key keeps the current one; a channel without a key needs one.
                if (!keyed) {
                    throw new UnsupportedException("a password-protected channel needs a key");
                }
            } else {
                String newKey = wanted.password().get().reveal();
                if (newKey.isEmpty() || newKey.contains(" ") || newKey.contains(",") || newKey.startsWith(":")) {
                    throw new UnsupportedException("an IRC channel key cannot be empty or hold spaces or commas");
                }
                if (!keyed || !key.equals(Optional.of(newKey))) {
                    if (keyed) {
                        out.add(IrcMessage.of("MODE", channel, "-k", key.orElse("*")));
                    }
                    out.add(IrcMessage.of("MODE", channel, "+k", newKey));
                }
            }
        }
        if (wanted.maxUsers().isPresent()) {
            int limit = wanted.maxUsers().getAsInt();
            Optional<String> now = current.containsKey('l') ? current.get('l') : Optional.empty();
            if (limit == 0 && current.containsKey('l')) {
                out.add(IrcMessage.of("MODE", channel, "-l"));
            } else if (limit > 0 && !now.equals(Optional.of(Integer.toString(limit)))) {
                out.add(IrcMessage.of("MODE", channel, "+l", Integer.toString(limit)));
            }
        }
        return out;
    }

    /** The settings a channel's set modes mean (see the class documentation). */
    static RoomConfiguration fromModes(Map<Character, Optional<String>> modes) {
        boolean keyed = modes.containsKey('k');
        // Servers may hide the key from non-members ("*"); it is shown only when it is the real one.
        Optional<Secret> key = modes.getOrDefault('k', Optional.empty()).filter(k -> !k.equals("*")).map(Secret::of);
        OptionalInt limit = OptionalInt.of(0);
        if (modes.containsKey('l')) {
            try {
                limit = OptionalInt.of(Math.max(0, Integer.parseInt(modes.get('l').orElse("0"))));
            } catch (NumberFormatException e) {
                limit = OptionalInt.empty();
            }
        }
        return new RoomConfiguration(Optional.of(!modes.containsKey('t')), Optional.of(modes.containsKey('m')),
                Optional.of(modes.containsKey('i')), Optional.of(!modes.containsKey('s') && !modes.containsKey('p')),
                Optional.of(keyed), keyed ? key : Optional.empty(), limit);
    }

    /** The nick of a ban mask that names exactly one nick ({@code nick!*@*} or a bare nick), if it does. */
    static Optional<String> maskedNick(String mask) {
        String nick = mask;
        if (mask.endsWith("!*@*")) {
            nick = mask.substring(0, mask.length() - 4);
        } else if (mask.contains("!") || mask.contains("@")) {
            return Optional.empty();
        }
        if (nick.contains("*") || nick.contains("?") || nick.startsWith("$") || nick.contains(":")
                || IrcNames.nickProblem(nick).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(nick);
    }

    private static void flag(StringBuilder flags, Map<Character, Optional<String>> current, char mode,
            Optional<Boolean> wanted) {
        if (wanted.isEmpty() || wanted.get() == current.containsKey(mode)) {
            return;
        }
        flags.append(wanted.get() ? '+' : '-').append(mode);
    }

    private Map<Character, Optional<String>> currentModes(IrcServerLink link, IrcAddress.Channel channel)
            throws LegacyException {
        IrcConnection connection = link.connection();
        ChannelQueries.Pending<List<IrcModeChange>> pending = link.channelQueries().beginModes(channel.name());
        connection.send(IrcMessage.of("MODE", channel.name()));
        List<IrcModeChange> set = answer(await(pending), channel, "read the modes of");
        Map<Character, Optional<String>> modes = new TreeMap<>();
        for (IrcModeChange change : set) {
            if (change.adding()) {
                modes.put(change.mode(), change.param());
            }
        }
        return modes;
    }

    private <T> ChannelQueries.Answer<T> await(ChannelQueries.Pending<T> pending) throws TransientFailureException {
        try {
            return pending.await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException("interrupted while waiting for the IRC server");
        }
    }

    private static <T> T answer(ChannelQueries.Answer<T> answer, IrcAddress.Channel channel, String what)
            throws LegacyException {
        return switch (answer) {
            case ChannelQueries.Answered<T> a -> a.value();
            case ChannelQueries.Refused<T> r when r.numeric().equals(ChannelQueries.ERR_CHANOPRIVSNEEDED) ->
                    throw new ForbiddenException("the server does not let you " + what + " " + channel.name()
                            + ": " + r.text());
            case ChannelQueries.Refused<T> r -> throw new TransientFailureException("the server could not " + what
                    + " " + channel.name() + ": " + r.text());
            case ChannelQueries.Unanswered<T> u -> throw new TransientFailureException(channel.server()
                    + " did not answer in time");
        };
    }

    private static void requireOperator(IrcServerLink link, IrcAddress.Channel channel) throws ForbiddenException {
        if (!link.translator().isOperator(channel.name())) {
            throw new ForbiddenException("only channel operators may configure " + channel.name());
        }
    }
}
