/**
 * IRC protocol lines: a pure parser (line to {@link im.switchboard.irc.message.IrcMessage}) and a sanitizing
 * writer (message to line).
 *
 * <p>Spec: Modern IRC Client Protocol, "Message Format" (c2s_structure: tags, source, command, parameters, the
 * trailing parameter), and the IRCv3 Message Tags specification for tag value escaping ({@code \:} {@code \s}
 * {@code \\} {@code \r} {@code \n}). Threats: I1 (CR/LF/NUL injection: the writer never emits one) and I7 (odd
 * server lines: the parser returns a typed error, it never throws).
 */
package im.switchboard.irc.message;
