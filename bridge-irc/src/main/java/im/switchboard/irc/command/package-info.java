/**
 * The IRC bridge's ad-hoc commands (XEP-0050 section 4): "Configure" on a server's JID for the user's
 * per-server nick, credentials, channels to join and always-on connection.
 */
package im.switchboard.irc.command;
