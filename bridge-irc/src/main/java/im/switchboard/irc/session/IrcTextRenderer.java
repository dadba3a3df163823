package im.switchboard.irc.session;

import im.switchboard.irc.ctcp.CtcpCodec;
import im.switchboard.irc.ctcp.CtcpMessage;
import im.switchboard.irc.text.IrcDecoding;
import im.switchboard.irc.text.IrcFormatting;
import java.util.Objects;
import java.util.Optional;

/**
 * IRC text to what the XMPP user reads: CTCP (ctcp.md; threat I3: only ACTION is shown, as {@code /me}, which
 * XEP-0245 clients render as an action), mIRC formatting (formatting.md; stripped or mapped to XEP-0393 by
 * {@link IrcTextOptions}), then the characters XML 1.0 cannot carry removed (threat X6). Pure.
 */
final class IrcTextRenderer {

    private static final String ME = "/me ";

    private final IrcTextOptions options;

    IrcTextRenderer(IrcTextOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Plain text (a topic, a part reason, a server notice): formatting rendered, XML-illegal characters gone. */
    String text(String raw) {
        String styled = options.styling() == IrcTextOptions.Styling.XEP_0393
                ? IrcFormatting.toStyling(raw) : IrcFormatting.strip(raw);
        return IrcDecoding.xmlSafe(styled);
    }

    /**
     * IRC data rather than prose (a mode string with its keys, masks and nicks): formatting codes are always
     * stripped, never mapped to XEP-0393 markup, which would add characters the user might copy (a channel key);
     * XML-illegal characters removed (X6).
     */
    String data(String raw) {
        return IrcDecoding.xmlSafe(IrcFormatting.strip(raw));
    }

    /**
     * The body of a PRIVMSG or NOTICE from a user, or empty when it is not to be shown: a CTCP query or reply,
     * or a text that renders to nothing. A notice gets {@link IrcTextOptions#noticePrefix()}.
     */
    Optional<String> body(CtcpMessage decoded, boolean notice) {
        return switch (decoded) {
            case CtcpMessage.Action a -> Optional.of(ME + text(a.text()));
            case CtcpMessage.Plain p -> {
                String t = text(p.text());
                yield t.isBlank() ? Optional.empty()
                        : Optional.of(notice ? options.noticePrefix() + t : t);
            }
            case CtcpMessage.Query q -> Optional.empty();
        };
    }

    /** {@link #body(CtcpMessage, boolean)} of raw IRC text. */
    Optional<String> body(String raw, boolean notice) {
        return body(CtcpCodec.decode(raw), notice);
    }
}
