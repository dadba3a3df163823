package im.switchboard.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}: the process's socket inodes from
 * {@code /proc/PID/fd}, matched against the LISTEN entries of {@code /proc/net/tcp} and {@code tcp6}. Lets a
 * test prove that a server opened exactly the listeners it was configured with, and only on loopback.
 */
final class ListeningSockets {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String TCP_LISTEN = "0A";

    private ListeningSockets() {
    }

    /** {@code address:port} of every listening TCP socket of {@code pid}, e.g. {@code 127.0.0.1:5222}. */
    static List<String> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : lines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length > 9 && TCP_LISTEN.equals(f[3]) && inodes.contains(f[9])) {
                    listening.add(decode(f[1]));
                }
            }
        }
        return listening;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException e) {
                    // the descriptor was closed while we listed them: not a listener
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the descriptors of pid " + pid, e);
        }
        return inodes;
    }

    private static List<String> lines(Path table) {
        try {
            return Files.exists(table) ? Files.readAllLines(table) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 0100007F:1F90} (host byte order, little-endian here) to {@code 127.0.0.1:8080}; IPv6 stays hex. */
    private static String decode(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        if (parts[0].length() != 8) {
            return "[" + parts[0] + "]:" + port;
        }
        long a = Long.parseLong(parts[0], 16);
        return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff) + ":" + port;
    }
}
