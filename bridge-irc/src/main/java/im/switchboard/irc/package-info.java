/**
 * The IRC bridge: {@link im.switchboard.irc.IrcBridge} (XEP-0100 gateway with XEP-0045 rooms for channels) and
 * its configuration {@link im.switchboard.irc.IrcSettings}. Addresses follow Biboumi's grammar; the connection
 * rules follow the Modern IRC Client Protocol and THREATS I1-I10, C1, C2, C4.
 */
package im.switchboard.irc;
