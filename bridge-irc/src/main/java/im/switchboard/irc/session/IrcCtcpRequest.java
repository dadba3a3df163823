package im.switchboard.irc.session;

import im.switchboard.irc.address.IrcAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A CTCP query a user sent us in private (ctcp.md, "Message Types"), which the session may answer with a
 * NOTICE, within its rate limit (threat I3). Only the queries the gateway may answer reach the session
 * ({@link im.switchboard.irc.ctcp.CtcpCodec#REPLIES}: VERSION, PING, TIME, CLIENTINFO, SOURCE); DCC and the
 * rest are dropped by the translator and never shown to the XMPP user.
 *
 * @param from       who asked
 * @param command    the query, upper case
 * @param params     the query's parameters (PING's token), possibly empty
 * @param receivedAt when the translator read it
 */
public record IrcCtcpRequest(IrcAddress.User from, String command, String params, Instant receivedAt) {

    public IrcCtcpRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
