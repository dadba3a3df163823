/**
 * XEP-0050 ad-hoc commands on the gateway JID: a registered user's own registration (show, change password,
 * unregister) and the administrators' commands (list users, unregister a user, statistics). Commands are listed
 * through XEP-0030 at the node {@code http://jabber.org/protocol/commands} (XEP-0050 section 2.2), filtered by
 * who asks.
 */
package im.switchboard.core.commands;
