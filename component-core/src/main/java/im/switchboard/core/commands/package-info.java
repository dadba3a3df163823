/**
 * XEP-0050 ad-hoc commands: on the gateway JID, a registered user's own registration (show, change password,
 * unregister) and the administrators' commands (list users, unregister a user, statistics); on the gateway JID
 * and on legacy entities' JIDs, the bridge's own commands (for example "Configure" on an IRC server's JID), run
 * with the XEP-0004 form checks of registration. Commands are listed through XEP-0030 at the node
 * {@code http://jabber.org/protocol/commands} of each JID (XEP-0050 section 2.2), filtered by who asks.
 */
package im.switchboard.core.commands;
