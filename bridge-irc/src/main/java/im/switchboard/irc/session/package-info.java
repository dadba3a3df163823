/**
 * One user's IRC session: a connection per server (Modern IRC Client Protocol, "Connection Registration"),
 * XMPP to IRC commands (XEP-0045 sections 7 to 9 mapped to JOIN, PART, PRIVMSG, TOPIC, NICK, KICK, MODE,
 * INVITE, LIST), reconnects with backoff and jitter (THREATS I9), and the translation of IRC events into XMPP
 * facts ({@link im.switchboard.irc.session.IrcEventTranslator}).
 */
package im.switchboard.irc.session;
