package im.switchboard.irc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ephemeral loopback ports for a daemon's listeners (chosen by the kernel, then handed to the daemon). */
final class FreePorts {

    private FreePorts() {
    }

    /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
    static int[] allocate(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                // All held open together so the kernel hands out distinct ports.
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a listener that never accepted cannot lose anything.
                    continue;
                }
            }
        }
    }
}
