/**
 * One user's session on one IRC server: the translation of what the server says into XMPP facts
 * ({@link im.switchboard.irc.session.IrcEventTranslator}) and of what the user does into IRC commands.
 *
 * <p>Specifications: Modern IRC Client Protocol (messages, numerics), CTCP (ACTION only shown; threat I3), mIRC
 * formatting, IRCv3 {@code server-time}, {@code message-tags}/{@code msgid}, {@code echo-message},
 * {@code batch}, {@code away-notify}, {@code account-notify}, {@code extended-join}, {@code chghost},
 * {@code setname}; XEP-0045 (rooms), XEP-0203 (delay), XEP-0359 (stanza ids), XEP-0245 ({@code /me}), XEP-0393
 * (styling). Threats I3, I7, I8, I9, I10, X6.
 */
package im.switchboard.irc.session;
