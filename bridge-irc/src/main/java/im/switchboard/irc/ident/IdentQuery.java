package im.switchboard.irc.ident;

import java.util.Optional;

/**
 * One RFC 1413 query (section 6): {@code <port-on-server> , <port-on-client>}, spaces allowed around the comma.
 *
 * @param serverPort the port on the ident server's host: the gateway's local port of the connection
 * @param clientPort the port on the asking host: the IRC server's port
 */
record IdentQuery(int serverPort, int clientPort) {

    /** The query in {@code line} (without its line end), or empty when it is not two ports 1-65535. */
    static Optional<IdentQuery> parse(String line) {
        int comma = line.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        int server = port(line.substring(0, comma).strip());
        int client = port(line.substring(comma + 1).strip());
        return server > 0 && client > 0 ? Optional.of(new IdentQuery(server, client)) : Optional.empty();
    }

    /** The pair as replies repeat it. */
    String pair() {
        return serverPort + " , " + clientPort;
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : -1;
    }
}
