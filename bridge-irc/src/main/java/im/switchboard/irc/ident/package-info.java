/**
 * An ident server (RFC 1413, "Identification Protocol") for the gateway's IRC connections, as Biboumi has one:
 * many IRC servers ask the connecting host on TCP port 113 who owns a connection, and show the answer as the
 * user name ({@code nick!user@host}) without the {@code ~} that marks an unverified one. All users of a gateway
 * share its address, so without this an IRC operator who bans one of them by {@code *!~user@gateway} bans a name
 * the user chose, and can ban everyone by mistake (THREATS I5: accountability).
 *
 * <p>Query (RFC 1413 section 6): {@code <port-on-server> , <port-on-client>} where the "server" is the host that
 * runs the ident server (the gateway: its local port of the IRC connection) and the "client" is the asking host
 * (the IRC server: its port). Reply: the same pair, then {@code : USERID : UNIX : <user-id>} or
 * {@code : ERROR : NO-USER} / {@code INVALID-PORT}.
 *
 * <p>What the gateway answers, and to whom:
 * <ul>
 * <li>only about a connection between the asking address and the gateway: {@link IdentTable} matches the local
 *     port, the remote port <em>and</em> the remote address, so nobody can enumerate who is connected where;</li>
 * <li>a user id made from a hash of the user's bare JID ({@link IdentUserIds}), stable across connections and
 *     restarts, never the JID itself;</li>
 * <li>with every wait bounded (C1): a read deadline, a line length cap, one query per connection, a cap on
 *     connections served at once.</li>
 * </ul>
 * The port is 113 for IRC servers to find it, a privileged port: see docs/operations.md for running it.
 */
package im.switchboard.irc.ident;
