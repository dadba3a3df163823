package im.switchboard.irc.address;

import im.switchboard.core.spi.LegacyAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A typed IRC address: a channel or a user on a server, or the server itself.
 *
 * <p>Case: IRC nicknames and channel names are case-insensitive (Modern IRC, "Case mapping"), and JID local parts
 * are case-folded by nodeprep. The records therefore keep the display form a person typed or the server sent
 * ({@code #Switchboard}, {@code Alice}) but compare by the {@link #key() key}, the lower-case form the codec
 * prints in JIDs. The RFC 1459 extras ({@code []\~} equal to {@code {}|^}) depend on the server's
 * {@code CASEMAPPING} token and are left to the session, which knows it. Hosts are stored lower case.
 */
public sealed interface IrcAddress extends LegacyAddress permits IrcAddress.Channel, IrcAddress.User,
        IrcAddress.Server {

    /** The IRC server (host name) this address lives on. */
    String server();

    /** The case-insensitive identity of this address; what JIDs carry. */
    String key();

    /** Lower-cases a name the way JID local parts are folded. */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * A channel, for example {@code #switchboard} on {@code irc.libera.chat}.
     *
     * @param server the host, lower case
     * @param name   the channel name with its prefix, in its display form
     */
    record Channel(String server, String name) implements IrcAddress {
        public Channel {
            server = fold(Objects.requireNonNull(server, "server"));
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String key() {
            return fold(name) + "%" + server;
        }

        @Override
        public String display() {
            return name + " on " + server;
        }

        /** A channel is a room (XEP-0045): its JID is a MUC room JID. */
        @Override
        public boolean isRoom() {
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Channel c && c.key().equals(key());
        }

        @Override
        public int hashCode() {
            return key().hashCode();
        }
    }

    /**
     * A user, for example {@code Alice} on {@code irc.libera.chat}.
     *
     * @param server the host, lower case
     * @param nick   the nickname in its display form
     */
    record User(String server, String nick) implements IrcAddress {
        public User {
            server = fold(Objects.requireNonNull(server, "server"));
            Objects.requireNonNull(nick, "nick");
        }

        @Override
        public String key() {
            return fold(nick) + "%" + server;
        }

        @Override
        public String display() {
            return nick + " on " + server;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof User u && u.key().equals(key());
        }

        @Override
        public int hashCode() {
            return key().hashCode();
        }
    }

    /**
     * An IRC server itself (its notices, MOTD and raw commands).
     *
     * @param host the host name, lower case
     */
    record Server(String host) implements IrcAddress {
        public Server {
            host = fold(Objects.requireNonNull(host, "host"));
        }

        @Override
        public String server() {
            return host;
        }

        @Override
        public String key() {
            return host;
        }

        @Override
        public String display() {
            return host;
        }
    }
}
