package im.switchboard.irc.message;

import java.util.Objects;

/** What {@link IrcMessageParser#parse(String)} made of a line: a message, or why it is not one (I7). */
public sealed interface IrcParseResult permits IrcParseResult.Parsed, IrcParseResult.Malformed {

    /** The line was a message. */
    record Parsed(IrcMessage message) implements IrcParseResult {
        public Parsed {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The line was not a message.
     *
     * @param line   the line as received (for a TRACE log; it may hold anything)
     * @param reason what is wrong, for a log
     */
    record Malformed(String line, String reason) implements IrcParseResult {
        public Malformed {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
