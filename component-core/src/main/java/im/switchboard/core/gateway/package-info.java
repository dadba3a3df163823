/**
 * XEP-0100 section 6.3, {@code jabber:iq:gateway}: the prompt a client shows when its user adds a legacy
 * contact, and the translation of what the user typed into the contact's JID on the gateway.
 */
package im.switchboard.core.gateway;
