/**
 * Connections to IRC servers, built on PircBotX 2.1: connection registration, IRCv3 capability negotiation and
 * SASL (modern IRC client protocol, "Connection Registration", "Capability Negotiation", "AUTHENTICATE message";
 * IRCv3 Capability Negotiation 3.2 and SASL 3.1/3.2), keepalive (Modern IRC, "PING message") and the throttled send
 * queue. Lines are handed up parsed and uninterpreted.
 *
 * <h2>What PircBotX does and what is replaced</h2>
 * PircBotX keeps the socket life cycle: the connect loop over the configured server entries through the configured
 * {@code SocketFactory}, NICK and USER, the read loop and its shutdown. Replaced, because 2.1 gets them wrong for a
 * gateway ({@link im.switchboard.irc.connection.GatewayBot}):
 * <ul>
 *   <li>Input: PircBotX's parser builds user and channel objects for every line, logs every line at INFO (PASS,
 *       AUTHENTICATE and IDENTIFY included: G3) and splits tags wrongly. Lines go to our own
 *       {@link im.switchboard.irc.message.IrcMessageParser} instead, and
 *       {@link im.switchboard.irc.connection.Registration} (a pure state machine) does CAP LS 302, CAP REQ, SASL
 *       PLAIN, nick fallback, PING/PONG, ISUPPORT and cap-notify.</li>
 *   <li>Decoding: PircBotX reads through a {@code BufferedReader} with one fixed charset, so a Latin-1 line would
 *       become U+FFFD. The glue reads bytes and decodes each line with
 *       {@link im.switchboard.irc.text.IrcDecoding} (strict UTF-8, else the fallback charset: X6), bounds a line to
 *       8,703 bytes (I7) and keeps a partly read line across a read timeout.</li>
 *   <li>Output: PircBotX's {@code OutputRaw} logs every line at INFO and cuts lines at its own length; the glue
 *       writes UTF-8 bytes under a lock and logs nothing. A line from {@code send} is never logged above TRACE;
 *       at TRACE a line that may carry a secret (PASS, AUTHENTICATE, OPER, WEBIRC, anything to a {@code *Serv}, a
 *       JOIN or MODE with a channel key) is never shown, and the connection's own secret lines never at all.</li>
 *   <li>Listeners: an inline listener manager on the reader thread, no thread per event. PircBotX's auto-reconnect,
 *       message delay, auto-split, auto nick change, shutdown hook, ident server and its CAP handling are off.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * One virtual reader thread per connection (PircBotX's {@code startBot}); one virtual writer thread per
 * connection, started with the first {@code send}, that drains the queue at the policy's rate (a token bucket:
 * {@code burst} lines, then one per {@code lineInterval}). The connection's own lines (CAP, SASL, PONG, the
 * keepalive PING, NickServ IDENTIFY, QUIT) are written directly and are not throttled. PircBotX's connect holds a
 * monitor around the socket connect; on JDK 24 and later (JEP 491) that no longer pins the carrier thread.
 *
 * <h2>I4</h2>
 * Only a server whose policy is exactly one of the admin's is connected to; its host is resolved once, the
 * unspecified and multicast addresses are never used, private, link-local and shared (non-loopback) addresses only
 * when {@link im.switchboard.irc.connection.IrcConnectorSettings#allowPrivateAddresses()} says so, loopback always;
 * PircBotX gets the checked addresses as literals and the socket factory refuses any other. TLS verifies the
 * certificate against the policy's host name (SNI and endpoint identification "HTTPS"), never the address.
 * Refusals share one text.
 *
 * <h2>WEBIRC</h2>
 * When the policy has a WEBIRC password the first line is {@code WEBIRC password switchboard host ip} where host and
 * ip are a stable address in fd00::/8 made from a hash of the user's JID: the gateway cannot know the user's real
 * address, and this lets IRC operators tell users apart (and ban one) without disclosing the JID.
 */
package im.switchboard.irc.connection;
