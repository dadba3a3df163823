/**
 * Connections to IRC servers, built on PircBotX: connection registration, IRCv3 capability negotiation and
 * SASL (modern IRC client protocol, "Connection Registration" and "Capability Negotiation"), keepalive and
 * the throttled send queue. Lines are handed up parsed and uninterpreted.
 */
package im.switchboard.irc.connection;
