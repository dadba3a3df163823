package im.switchboard.irc.connection;

import im.switchboard.irc.text.IrcDecoding;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Socket bytes to lines, decoded one line at a time by {@link IrcDecoding} (X6: strict UTF-8, else the fallback
 * charset), in place of PircBotX's {@code BufferedReader} over a fixed charset.
 *
 * <p>Why not the {@code BufferedReader}: it decodes the whole stream with one charset (a Latin-1 line becomes
 * U+FFFD), holds a 16 KiB char buffer per connection, accepts a line of any length (a server that never sends LF
 * fills the heap) and loses a partly read line when a read times out. Here the buffer starts at 1 KiB, a line
 * longer than {@link #MAX_LINE} bytes is dropped whole (I7), and a read timeout keeps the partial line for the next
 * call.
 *
 * <p>A line ends at LF; a CR before it is removed (Modern IRC, "Message Format": servers should accept both).
 * Not thread-safe: the reader thread owns it.
 */
final class LineReader {

    /** 8191 bytes of tags (IRCv3 Message Tags, server side) plus a 512-byte message. */
    static final int MAX_LINE = 8191 + 512;

    private final InputStream in;
    private final IrcDecoding decoding;
    private byte[] buf = new byte[1024];
    private int start;
    private int end;
    private boolean skipping;
    private long dropped;

    LineReader(InputStream in, IrcDecoding decoding) {
        this.in = in;
        this.decoding = decoding;
    }

    /**
     * The next line without its line ending, or {@code null} at the end of the stream (a partial last line is
     * dropped). A {@link java.net.SocketTimeoutException} leaves the partial line buffered.
     */
    String readLine() throws IOException {
        while (true) {
            int lf = indexOfLf();
            if (lf >= 0) {
                int lineEnd = lf > start && buf[lf - 1] == '\r' ? lf - 1 : lf;
                boolean wasSkipping = skipping;
                String line = wasSkipping ? null : decoding.decodeRaw(Arrays.copyOfRange(buf, start, lineEnd));
                start = lf + 1;
                skipping = false;
                if (!wasSkipping) {
                    return line;
                }
                continue;
            }
            makeRoom();
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                return null;
            }
            end += n;
        }
    }

    /** How many over-long lines were dropped so far. */
    long dropped() {
        return dropped;
    }

    private int indexOfLf() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end < buf.length) {
            return;
        }
        if (buf.length < MAX_LINE + 2) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE + 2));
            return;
        }
        // Longer than any legal line: forget what we have and skip to the next LF.
        if (!skipping) {
            dropped++;
        }
        skipping = true;
        end = 0;
    }
}
