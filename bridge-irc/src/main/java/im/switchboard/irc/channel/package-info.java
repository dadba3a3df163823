/**
 * What an IRC connection knows of its channels: members and their membership modes, topics, moderation, bans,
 * and the server's rules for reading them.
 *
 * <p>Specifications: Modern IRC Client Protocol, "Channel Types", "Channel Modes", "Channel Membership Prefixes",
 * the RPL_ISUPPORT parameters {@code CASEMAPPING}, {@code PREFIX} and {@code CHANMODES}, "Wildcard expressions";
 * IRCv3 {@code multi-prefix}, {@code userhost-in-names}, {@code extended-join}, {@code account-notify},
 * {@code away-notify}, {@code chghost}. Roles and affiliations are those of XEP-0045 sections 5.1 and 5.2.
 * Pure code, no I/O; not thread-safe (the event translator owns it under its lock).
 */
package im.switchboard.irc.channel;
