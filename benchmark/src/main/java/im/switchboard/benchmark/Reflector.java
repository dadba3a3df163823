package im.switchboard.benchmark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The cheapest possible "component" for measuring the {@link LoadDriver}'s own ceiling: it does the XEP-0114
 * handshake and answers every {@code </message>} it reads with one pre-serialized message, without parsing.
 * A gateway figure is meaningful only while it stays well below this one.
 */
final class Reflector implements AutoCloseable {

    private static final byte[] MESSAGE_END = "</message>".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final Thread thread;

    private Reflector(Socket socket, Thread thread) {
        this.socket = socket;
        this.thread = thread;
    }

    /** Connect to the driver at {@code port}, hand-shake as {@code domain}, and start reflecting. */
    static Reflector connect(int port, String domain, String secret) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        InputStream in = socket.getInputStream();
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        out.write(("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' "
                + "to='" + domain + "'>").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String header = LoadDriver.readUntil(in, '>');
        if (header.startsWith("<?xml")) {
            header = LoadDriver.readUntil(in, '>');
        }
        int idStart = header.indexOf("id='") + 4;
        String streamId = header.substring(idStart, header.indexOf('\'', idStart));
        out.write(("<handshake>" + LoadDriver.sha1Hex(streamId + secret) + "</handshake>")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        String reply = LoadDriver.readUntil(in, '>');
        if (!reply.equals("<handshake/>")) {
            socket.close();
            throw new IOException("handshake refused: " + reply);
        }
        byte[] answer = ("<message from='echo@" + domain + "' to='" + LoadDriver.userJid(0)
                + "' type='chat'><body>Wherefore art thou, Romeo?</body></message>").getBytes(StandardCharsets.UTF_8);
        Thread thread = Thread.ofPlatform().name("reflector").start(() -> reflect(in, out, answer));
        return new Reflector(socket, thread);
    }

    private static void reflect(InputStream in, OutputStream out, byte[] answer) {
        byte[] buf = new byte[1 << 16];
        int matched = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (MESSAGE_END[matched] == b) {
                        matched++;
                    } else {
                        matched = MESSAGE_END[0] == b ? 1 : 0;
                    }
                    if (matched == MESSAGE_END.length) {
                        matched = 0;
                        out.write(answer);
                    }
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The driver closed the stream at the end of the run.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        thread.interrupt();
    }
}
