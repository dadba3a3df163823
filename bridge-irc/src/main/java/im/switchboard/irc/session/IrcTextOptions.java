package im.switchboard.irc.session;

import java.util.Objects;

/**
 * How IRC text is turned into what an XMPP user reads (threat X6, formatting.md).
 *
 * @param styling      what to do with mIRC formatting codes
 * @param noticePrefix put in front of the text of a NOTICE from a user (in a room or in private), so that notices
 *                     are shown distinctly from PRIVMSG (issue 4, "NOTICE shown distinctly"); may be empty. Server
 *                     notices are not prefixed: everything the server says is a notice.
 */
public record IrcTextOptions(Styling styling, String noticePrefix) {

    /** The prefix of {@link #defaults()}. */
    public static final String DEFAULT_NOTICE_PREFIX = "[notice] ";

    public IrcTextOptions {
        Objects.requireNonNull(styling, "styling");
        Objects.requireNonNull(noticePrefix, "noticePrefix");
    }

    /** Formatting mapped to XEP-0393 styling, notices prefixed with {@value #DEFAULT_NOTICE_PREFIX}. */
    public static IrcTextOptions defaults() {
        return new IrcTextOptions(Styling.XEP_0393, DEFAULT_NOTICE_PREFIX);
    }

    /** The rendering of mIRC formatting codes. */
    public enum Styling {
        /** Every code removed ({@link im.switchboard.irc.text.IrcFormatting#strip(String)}). */
        STRIP,
        /** Bold, italics, strikethrough, monospace as XEP-0393 markers, the rest removed. */
        XEP_0393
    }
}
