/**
 * One user's IRC session: a connection per server ({@link im.switchboard.irc.session.IrcSession},
 * {@link im.switchboard.irc.session.IrcServerLink}), the translation of what the server says into XMPP facts
 * ({@link im.switchboard.irc.session.IrcEventTranslator}) and of what the user does into IRC commands
 * (XEP-0045 sections 7 to 9 as JOIN, PART, PRIVMSG, TOPIC, NICK, KICK, MODE, INVITE, LIST; the ban list of 9.2
 * and the room configuration of 10.2 as channel modes, {@link im.switchboard.irc.session.IrcRoomSettings}),
 * reconnects with backoff and per-user jitter.
 *
 * <p>Specifications: Modern IRC Client Protocol (messages, numerics, "Connection Registration"), CTCP (ACTION
 * only shown and sent; threat I3), mIRC formatting, IRCv3 {@code server-time}, {@code message-tags}/{@code msgid},
 * {@code echo-message}, {@code batch}, {@code away-notify}, {@code account-notify}, {@code extended-join},
 * {@code chghost}, {@code setname}, WHOX; XEP-0045 (rooms), XEP-0059 (listing pages), XEP-0203 (delay), XEP-0359
 * (stanza ids), XEP-0245 ({@code /me}), XEP-0393 (styling). Threats I1, I2, I3, I5, I7, I8, I9, I10, X6, C1, C2.
 */
package im.switchboard.irc.session;
