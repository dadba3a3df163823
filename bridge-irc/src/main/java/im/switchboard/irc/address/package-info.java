/**
 * IRC addresses and their JID local parts.
 *
 * <p>The grammar is Biboumi's, so users' habits carry over: {@code #chan%irc.example.net} is a channel,
 * {@code nick%irc.example.net} a user and {@code irc.example.net} the server itself. Names follow the Modern IRC
 * Client Protocol ("Nicknames" and "Channels" in the clients and channels sections): channel prefixes
 * {@code # & + !}, no space, comma or control character. What a JID local part cannot carry (RFC 7622 section 3.3,
 * nodeprep) is escaped as XEP-0106 section 4.2 says; see {@link im.switchboard.irc.address.IrcAddressCodec}.
 */
package im.switchboard.irc.address;
