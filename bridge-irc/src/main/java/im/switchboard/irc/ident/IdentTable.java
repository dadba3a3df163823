package im.switchboard.irc.ident;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's open IRC sockets and whose they are, for the ident server. Thread-safe: connections register
 * from their connect path, the ident server reads from its own threads.
 */
public final class IdentTable {

    private record Entry(Socket socket, String userId) {
    }

    /** By local port: at most one connected socket holds a local port towards one remote address and port. */
    private final ConcurrentHashMap<Integer, Entry> byLocalPort = new ConcurrentHashMap<>();

    /** {@code socket} (connected) belongs to the user with ident {@code userId}. */
    public void register(Socket socket, String userId) {
        if (!socket.isConnected()) {
            throw new IllegalArgumentException("only a connected socket has ports to answer for");
        }
        byLocalPort.put(socket.getLocalPort(), new Entry(socket, userId));
    }

    /** Forgets {@code socket} (its connection ended); a later socket on the same local port is kept. */
    public void forget(Socket socket) {
        byLocalPort.computeIfPresent(socket.getLocalPort(), (port, entry) -> entry.socket() == socket ? null : entry);
    }

    /**
     * Whose connection runs from our {@code localPort} to {@code asker}'s {@code remotePort}: only the host at the
     * other end of a connection learns whose it is.
     */
    public Optional<String> userId(InetAddress asker, int localPort, int remotePort) {
        Entry entry = byLocalPort.get(localPort);
        if (entry == null) {
            return Optional.empty();
        }
        Socket socket = entry.socket();
        if (socket.isClosed()) {
            forget(socket);
            return Optional.empty();
        }
        InetAddress remote = socket.getInetAddress();
        if (socket.getPort() != remotePort || remote == null || !sameHost(remote, asker)) {
            return Optional.empty();
        }
        return Optional.of(entry.userId());
    }

    /** Sockets registered and not yet forgotten. */
    public int size() {
        return byLocalPort.size();
    }

    /** An IPv4 peer may show up as an IPv4-mapped IPv6 address on a dual-stack listener. */
    static boolean sameHost(InetAddress a, InetAddress b) {
        return Arrays.equals(unmapped(a).getAddress(), unmapped(b).getAddress());
    }

    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
            for (int i = 0; mapped && i < 10; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
        }
        return address;
    }
}
