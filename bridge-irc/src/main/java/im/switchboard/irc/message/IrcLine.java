package im.switchboard.irc.message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A line ready for the socket and the message it really carries.
 *
 * @param text the line without CR LF; never holds CR, LF or NUL
 * @param sent the message as the server will parse it: the caller reflects this, not what it asked for
 */
public record IrcLine(String text, IrcMessage sent) {

    public IrcLine {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sent, "sent");
    }

    /** The bytes to write: UTF-8 text and CR LF. */
    public byte[] bytes() {
        return (text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
