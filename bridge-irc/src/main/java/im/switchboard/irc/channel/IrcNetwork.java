package im.switchboard.irc.channel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one connection knows of its IRC network: the channels we are in and the users we share them with, keyed
 * by names folded with the server's {@link IrcCaseMapping}. A user is forgotten when they share no channel with
 * us any more.
 *
 * <p>Not thread-safe: its owner (the event translator) guards it with its lock.
 */
public final class IrcNetwork {

    private IrcCaseMapping mapping;
    private final Map<String, IrcUser> users = new LinkedHashMap<>();
    private final Map<String, IrcChannel> channels = new LinkedHashMap<>();

    public IrcNetwork(IrcCaseMapping mapping) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    public IrcCaseMapping mapping() {
        return mapping;
    }

    /**
     * Switches to another case mapping (a late or changed {@code CASEMAPPING} token) and re-keys everything. If
     * two users fold to the same key under the new mapping, the server holds them to be one, so the later wins.
     */
    public void mapping(IrcCaseMapping newMapping) {
        if (newMapping == mapping) {
            return;
        }
        this.mapping = newMapping;
        List<IrcUser> allUsers = new ArrayList<>(users.values());
        users.clear();
        for (IrcUser u : allUsers) {
            users.put(fold(u.nick()), u);
        }
        List<IrcChannel> allChannels = new ArrayList<>(channels.values());
        channels.clear();
        for (IrcChannel c : allChannels) {
            List<IrcChannel.Member> members = new ArrayList<>(c.members());
            c.clearMembers();
            for (IrcChannel.Member m : members) {
                c.add(fold(m.user().nick()), m.user()).modes(m.modes());
            }
            channels.put(fold(c.name()), c);
        }
    }

    /** {@code name} folded with the current mapping. */
    public String fold(String name) {
        return mapping.fold(name);
    }

    public Optional<IrcUser> user(String nick) {
        return Optional.ofNullable(users.get(fold(nick)));
    }

    /** The user called {@code nick}, created when unknown. */
    public IrcUser userOrNew(String nick) {
        return users.computeIfAbsent(fold(nick), k -> new IrcUser(nick));
    }

    public Optional<IrcChannel> channel(String name) {
        return Optional.ofNullable(channels.get(fold(name)));
    }

    /** Starts tracking channel {@code name} (our JOIN was echoed); an existing one is returned as it is. */
    public IrcChannel addChannel(String name) {
        return channels.computeIfAbsent(fold(name), k -> new IrcChannel(name));
    }

    /** Stops tracking a channel and forgets the users it alone made us know. */
    public Optional<IrcChannel> removeChannel(String name) {
        IrcChannel c = channels.remove(fold(name));
        if (c != null) {
            for (IrcChannel.Member m : c.members()) {
                forgetIfAlone(m.user());
            }
        }
        return Optional.ofNullable(c);
    }

    public Collection<IrcChannel> channels() {
        return List.copyOf(channels.values());
    }

    /** The channels {@code nick} is a member of, in join order. */
    public List<IrcChannel> channelsOf(String nick) {
        String key = fold(nick);
        List<IrcChannel> out = new ArrayList<>();
        for (IrcChannel c : channels.values()) {
            if (c.member(key).isPresent()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Drops {@code user} from the user table when they are in none of our channels. */
    public void forgetIfAlone(IrcUser user) {
        String key = fold(user.nick());
        if (users.get(key) == user && channelsOf(user.nick()).isEmpty()) {
            users.remove(key);
        }
    }

    /**
     * {@code oldNick} is now {@code newNick} (NICK): the user and every membership are re-keyed. If another
     * user was known under the new key (a state we missed a QUIT for), that stale entry is replaced.
     */
    public Optional<IrcUser> rename(String oldNick, String newNick) {
        String oldKey = fold(oldNick);
        IrcUser u = users.remove(oldKey);
        if (u == null) {
            return Optional.empty();
        }
        String newKey = fold(newNick);
        u.nick(newNick);
        users.put(newKey, u);
        for (IrcChannel c : channels.values()) {
            if (!oldKey.equals(newKey)) {
                c.remove(newKey);
            }
            c.rekey(oldKey, newKey);
        }
        return Optional.of(u);
    }

    /** Forgets everything (the connection is gone). */
    public void clear() {
        users.clear();
        channels.clear();
    }
}
