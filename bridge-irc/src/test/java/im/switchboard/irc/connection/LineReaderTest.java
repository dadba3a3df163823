package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.switchboard.irc.text.IrcDecoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lines from bytes: per-line fallback decoding (X6), bounded lines (I7), timeouts keep the partial line. */
@Timeout(10)
class LineReaderTest {

    @Test
    void decodesEachLineOnItsOwn() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("PRIVMSG #a :caf\u00e9 \uD83D\uDE00\r\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("PRIVMSG #a :caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes("partial".getBytes(StandardCharsets.UTF_8));
        LineReader reader = new LineReader(new ByteArrayInputStream(bytes.toByteArray()), new IrcDecoding());
        assertEquals("PRIVMSG #a :caf\u00e9 \uD83D\uDE00", reader.readLine());
        assertEquals("PRIVMSG #a :caf\u00e9", reader.readLine(), "a Latin-1 line falls back alone");
        assertNull(reader.readLine(), "a partial last line is dropped at the end of the stream");
    }

    @Test
    void overLongLineIsDroppedWhole() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("PRIVMSG #a :" + "x".repeat(100_000) + "\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("PING :ok\r\n".getBytes(StandardCharsets.UTF_8));
        LineReader reader = new LineReader(new ByteArrayInputStream(bytes.toByteArray()), new IrcDecoding());
        assertEquals("PING :ok", reader.readLine());
        assertEquals(1, reader.dropped());
    }

    @Test
    void timeoutKeepsThePartialLine() throws IOException {
        Deque<Object> script = new ArrayDeque<>();
        script.add("PRIVMSG #a :hel".getBytes(StandardCharsets.UTF_8));
        script.add(new SocketTimeoutException("idle"));
        script.add("lo\r\n".getBytes(StandardCharsets.UTF_8));
        InputStream in = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Object next = script.poll();
                if (next == null) {
                    return -1;
                }
                if (next instanceof IOException e) {
                    throw e;
                }
                byte[] chunk = (byte[]) next;
                System.arraycopy(chunk, 0, b, off, chunk.length);
                return chunk.length;
            }
        };
        LineReader reader = new LineReader(in, new IrcDecoding());
        assertThrows(SocketTimeoutException.class, reader::readLine);
        assertEquals("PRIVMSG #a :hello", reader.readLine());
    }
}
