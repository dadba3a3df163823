package im.switchboard.irc.address;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Syntax checks for IRC names (Modern IRC Client Protocol, "Clients" and "Channels"). Each check returns the
 * problem as a text for a person, or empty when the name is valid.
 */
public final class IrcNames {

    /** Longest nickname accepted; servers announce their own NICKLEN, typically 9 to 32. */
    public static final int MAX_NICK_LENGTH = 64;
    /** Longest channel name accepted; servers announce CHANNELLEN, typically 50 to 200. */
    public static final int MAX_CHANNEL_LENGTH = 200;
    /** Longest host name (RFC 1035 section 2.3.4). */
    public static final int MAX_HOST_LENGTH = 253;
    /** The channel type prefixes of Modern IRC, "Channel Types". */
    public static final String CHANNEL_PREFIXES = "#&+!";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private IrcNames() {
    }

    /** Whether {@code name} starts with a channel prefix. */
    public static boolean isChannelName(String name) {
        return !name.isEmpty() && CHANNEL_PREFIXES.indexOf(name.charAt(0)) >= 0;
    }

    /**
     * Nicknames "MUST NOT contain any of: space, comma, asterisk, question mark, exclamation mark, at sign", "MUST
     * NOT start with dollar, colon" or a channel type, and "SHOULD NOT contain any dot" (which we enforce: a dot is
     * how the codec tells a server from a nick).
     */
    public static Optional<String> nickProblem(String nick) {
        if (nick.isEmpty()) {
            return Optional.of("the nickname is empty");
        }
        if (nick.codePointCount(0, nick.length()) > MAX_NICK_LENGTH) {
            return Optional.of("the nickname is longer than " + MAX_NICK_LENGTH + " characters");
        }
        char first = nick.charAt(0);
        if (first == '$' || first == ':' || CHANNEL_PREFIXES.indexOf(first) >= 0) {
            return Optional.of("a nickname cannot start with '" + first + "'");
        }
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            if (" ,*?!@.".indexOf(c) >= 0) {
                return Optional.of("a nickname cannot contain '" + c + "'");
            }
        }
        return controlProblem(nick, "nickname");
    }

    /** Channel names: a prefix, no space, comma or BELL (0x07), no other control character either. */
    public static Optional<String> channelProblem(String name) {
        if (!isChannelName(name)) {
            return Optional.of("a channel name starts with one of " + CHANNEL_PREFIXES);
        }
        if (name.length() < 2) {
            return Optional.of("the channel name is empty after its prefix");
        }
        if (name.codePointCount(0, name.length()) > MAX_CHANNEL_LENGTH) {
            return Optional.of("the channel name is longer than " + MAX_CHANNEL_LENGTH + " characters");
        }
        if (name.indexOf(' ') >= 0) {
            return Optional.of("a channel name cannot contain a space");
        }
        if (name.indexOf(',') >= 0) {
            return Optional.of("a channel name cannot contain a comma");
        }
        return controlProblem(name, "channel name");
    }

    /** Host names: dot-separated LDH labels (RFC 1123 section 2.1), at least one dot; IPv4 literals pass. */
    public static Optional<String> hostProblem(String host) {
        if (host.isEmpty()) {
            return Optional.of("the server name is empty");
        }
        if (host.length() > MAX_HOST_LENGTH) {
            return Optional.of("the server name is longer than " + MAX_HOST_LENGTH + " characters");
        }
        String lower = IrcAddress.fold(host);
        // A single label is a valid host name (localhost, an intranet server), as Biboumi accepts it.
        String[] labels = lower.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("'" + host + "' is not a valid server name");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> controlProblem(String name, String what) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029') {
                return Optional.of(String.format("a %s cannot contain the control character U+%04X", what,
                        (int) c));
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return Optional.of("the " + what + " contains a broken character");
                }
                i++;
            }
        }
        return Optional.empty();
    }
}
