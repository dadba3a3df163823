/**
 * CTCP (ctcp.md, "Message Syntax": {@code \x01COMMAND params\x01}, the final delimiter optional) as far as the
 * gateway needs it (threat I3): ACTION both ways, incoming queries typed so the session can answer or ignore them,
 * stray {@code \x01} stripped from plain text, and never a DCC offer from our side.
 */
package im.switchboard.irc.ctcp;
