package im.switchboard.benchmark.irc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection of {@link LoadIrcServer}, served by its own virtual thread. Lines are read with a
 * small byte buffer and answered from the same thread; {@link #blast} writes from another thread under the
 * same output lock. Output is flushed when the input buffer runs dry, so a burst of requests gets one write.
 */
final class LoadIrcConnection {

    private static final int MAX_LINE = 8191;
    /** IRCv3 server-time: always milliseconds and Z (ISO 8601, "YYYY-MM-DDThh:mm:ss.sssZ"). */
    private static final DateTimeFormatter SERVER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final LoadIrcServer server;
    private final Socket socket;
    private final OutputStream out;
    private final ReentrantLock outLock = new ReentrantLock();
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final byte[] buf = new byte[4096];
    private int bufStart;
    private int bufEnd;
    private InputStream in;
    private volatile String nick;
    private String nickKey;
    private String user;
    private boolean negotiating;
    private volatile boolean registered;
    private long echoIds;

    LoadIrcConnection(LoadIrcServer server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    boolean isRegistered() {
        return registered;
    }

    int channelCount() {
        return channels.size();
    }

    String nickKey() {
        return nickKey;
    }

    void run() {
        try (socket) {
            in = socket.getInputStream();
            String line;
            while ((line = readLine()) != null) {
                if (!handle(line)) {
                    break;
                }
            }
        } catch (IOException e) {
            // The client went away (or the server is closing): nothing to report per connection.
        } finally {
            server.releaseNick(nickKey);
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    /** Reads one line without its CR LF; flushes pending output before blocking for more input. */
    private String readLine() throws IOException {
        int scanFrom = bufStart;
        while (true) {
            for (int i = scanFrom; i < bufEnd; i++) {
                if (buf[i] == '\n') {
                    int end = i > bufStart && buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buf, bufStart, end - bufStart, StandardCharsets.UTF_8);
                    bufStart = i + 1;
                    return line;
                }
            }
            if (bufStart > 0) {
                System.arraycopy(buf, bufStart, buf, 0, bufEnd - bufStart);
                bufEnd -= bufStart;
                bufStart = 0;
            }
            if (bufEnd == buf.length || bufEnd > MAX_LINE) {
                throw new IOException("line too long");
            }
            scanFrom = bufEnd;
            flush();
            int n = in.read(buf, bufEnd, buf.length - bufEnd);
            if (n < 0) {
                return null;
            }
            bufEnd += n;
        }
    }

    /** Handles one client line; false ends the connection. */
    private boolean handle(String raw) throws IOException {
        String line = raw;
        if (line.startsWith("@")) {
            int space = line.indexOf(' ');
            line = space < 0 ? "" : line.substring(space + 1);
        }
        if (line.startsWith(":")) {
            int space = line.indexOf(' ');
            line = space < 0 ? "" : line.substring(space + 1);
        }
        List<String> params = params(line);
        if (params.isEmpty()) {
            return true;
        }
        String command = params.removeFirst().toUpperCase(Locale.ROOT);
        switch (command) {
            case "PRIVMSG", "NOTICE" -> privmsg(command, params);
            case "PING" -> send(":" + LoadIrcServer.SERVER_NAME + " PONG " + LoadIrcServer.SERVER_NAME + " :"
                    + (params.isEmpty() ? "" : params.getFirst()));
            case "PONG", "PASS" -> {
                // Nothing to answer.
            }
            case "CAP" -> cap(params);
            case "NICK" -> nick(params);
            case "USER" -> {
                user = params.isEmpty() ? "user" : params.getFirst();
                maybeRegister();
            }
            case "JOIN" -> join(params);
            case "PART" -> part(params);
            case "WHO" -> send(numeric("315", (params.isEmpty() ? "*" : params.getFirst()) + " :End of WHO list"));
            case "MODE" -> mode(params);
            case "NAMES" -> {
                for (String channel : params.isEmpty() ? List.<String>of() : List.of(params.getFirst().split(","))) {
                    names(channel);
                }
            }
            case "QUIT" -> {
                send("ERROR :Closing link (Quit)");
                flush();
                return false;
            }
            default -> {
                if (registered) {
                    send(numeric("421", command + " :Unknown command"));
                }
            }
        }
        return true;
    }

    private static List<String> params(String line) {
        List<String> result = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            if (line.charAt(i) == ':' && !result.isEmpty()) {
                result.add(line.substring(i + 1));
                break;
            }
            int space = line.indexOf(' ', i);
            int end = space < 0 ? n : space;
            result.add(line.substring(i, end));
            i = end;
        }
        return result;
    }

    private void privmsg(String command, List<String> params) throws IOException {
        if (!registered || params.size() < 2) {
            return;
        }
        server.countInbound();
        if (acked.contains("echo-message")) {
            // echo-message: the server echoes the message back to the sender as it would be sent to others.
            StringBuilder echo = new StringBuilder(64 + params.get(1).length());
            if (acked.contains("message-tags") || acked.contains("server-time")) {
                echo.append('@');
                if (acked.contains("message-tags")) {
                    echo.append("msgid=e").append(++echoIds);
                }
                if (acked.contains("server-time")) {
                    echo.append(echo.length() > 1 ? ";" : "").append("time=").append(now());
                }
                echo.append(' ');
            }
            echo.append(':').append(nick).append('!').append(user).append("@bench.client ").append(command)
                    .append(' ').append(params.get(0)).append(" :").append(params.get(1));
            send(echo.toString());
        }
    }

    private void cap(List<String> params) throws IOException {
        String sub = params.isEmpty() ? "" : params.getFirst().toUpperCase(Locale.ROOT);
        String target = nick == null ? "*" : nick;
        switch (sub) {
            case "LS" -> {
                // CAP LS starts negotiation: registration waits for CAP END (modern IRC, capability negotiation).
                if (!registered) {
                    negotiating = true;
                }
                send(":" + LoadIrcServer.SERVER_NAME + " CAP " + target + " LS :" + String.join(" ", server.caps()));
            }
            case "REQ" -> {
                if (!registered) {
                    negotiating = true;
                }
                String wanted = params.size() > 1 ? params.get(1).trim() : "";
                List<String> requested = wanted.isEmpty() ? List.of() : List.of(wanted.split(" +"));
                boolean all = !requested.isEmpty();
                for (String cap : requested) {
                    all &= server.caps().contains(cap.startsWith("-") ? cap.substring(1) : cap);
                }
                if (all) {
                    for (String cap : requested) {
                        if (cap.startsWith("-")) {
                            acked.remove(cap.substring(1));
                        } else {
                            acked.add(cap);
                        }
                    }
                }
                send(":" + LoadIrcServer.SERVER_NAME + " CAP " + target + (all ? " ACK :" : " NAK :") + wanted);
            }
            case "LIST" -> send(":" + LoadIrcServer.SERVER_NAME + " CAP " + target + " LIST :"
                    + String.join(" ", acked));
            case "END" -> {
                negotiating = false;
                maybeRegister();
            }
            default -> send(numeric("410", sub + " :Invalid CAP command"));
        }
    }

    private void nick(List<String> params) throws IOException {
        if (params.isEmpty()) {
            send(numeric("431", ":No nickname given"));
            return;
        }
        String wanted = params.getFirst();
        String key = wanted.toLowerCase(Locale.ROOT);
        if (key.equals(nickKey)) {
            return;
        }
        if (!server.claimNick(key)) {
            send(numeric("433", wanted + " :Nickname is already in use"));
            return;
        }
        server.releaseNick(nickKey);
        String old = nick;
        nick = wanted;
        nickKey = key;
        if (registered) {
            send(":" + old + "!" + user + "@bench.client NICK :" + wanted);
        } else {
            maybeRegister();
        }
    }

    private void maybeRegister() throws IOException {
        if (registered || negotiating || nick == null || user == null) {
            return;
        }
        registered = true;
        send(numeric("001", ":Welcome to the benchmark network " + nick + "!" + user + "@bench.client"));
        send(numeric("002", ":Your host is " + LoadIrcServer.SERVER_NAME + ", running LoadIrcServer"));
        send(numeric("003", ":This server was created for a benchmark"));
        send(numeric("004", LoadIrcServer.SERVER_NAME + " load-1 iow ntklovb"));
        send(numeric("005", "PREFIX=(ov)@+ CHANTYPES=# CASEMAPPING=ascii NETWORK=Bench NICKLEN=30 CHANNELLEN=50"
                + " CHANMODES=b,k,l,nt :are supported by this server"));
        send(numeric("375", ":- " + LoadIrcServer.SERVER_NAME + " Message of the day -"));
        send(numeric("372", ":- A loopback server for benchmarks."));
        send(numeric("376", ":End of /MOTD command."));
    }

    private void join(List<String> params) throws IOException {
        if (!registered) {
            send(numeric("451", ":You have not registered"));
            return;
        }
        if (params.isEmpty()) {
            send(numeric("461", "JOIN :Not enough parameters"));
            return;
        }
        for (String channel : params.getFirst().split(",")) {
            if (!channel.startsWith("#")) {
                send(numeric("403", channel + " :No such channel"));
                continue;
            }
            if (!channels.add(channel.toLowerCase(Locale.ROOT))) {
                continue;
            }
            send(":" + nick + "!" + user + "@bench.client JOIN " + channel);
            send(numeric("332", channel + " :Benchmark channel " + channel));
            names(channel);
        }
    }

    private void names(String channel) throws IOException {
        send(numeric("353", "= " + channel + " :@alice " + nick));
        send(numeric("366", channel + " :End of /NAMES list."));
    }

    private void part(List<String> params) throws IOException {
        if (params.isEmpty()) {
            return;
        }
        for (String channel : params.getFirst().split(",")) {
            if (channels.remove(channel.toLowerCase(Locale.ROOT))) {
                send(":" + nick + "!" + user + "@bench.client PART " + channel);
            }
        }
    }

    private void mode(List<String> params) throws IOException {
        if (params.isEmpty()) {
            return;
        }
        String target = params.getFirst();
        if (target.startsWith("#")) {
            send(numeric("324", target + " +nt"));
        } else {
            send(numeric("221", "+i"));
        }
    }

    /** Writes {@code lines} PRIVMSGs from the blaster, round-robin over this connection's channels. */
    void blast(long lines, boolean timeTags) {
        List<String> targets = new ArrayList<>(channels);
        if (targets.isEmpty()) {
            targets.add(nick);
        }
        String prefix = timeTags && acked.contains("server-time") ? "@time=" + now() + " " : "";
        byte[][] heads = new byte[targets.size()][];
        for (int i = 0; i < heads.length; i++) {
            heads[i] = (prefix + ":" + LoadIrcServer.BLASTER + " PRIVMSG " + targets.get(i) + " :blast message ")
                    .getBytes(StandardCharsets.UTF_8);
        }
        byte[] crlf = {'\r', '\n'};
        outLock.lock();
        try {
            for (long i = 0; i < lines; i++) {
                out.write(heads[(int) (i % heads.length)]);
                out.write(Long.toString(i).getBytes(StandardCharsets.US_ASCII));
                out.write(crlf);
            }
            out.flush();
        } catch (IOException e) {
            // The client went away mid-blast: its counts will show it.
        } finally {
            outLock.unlock();
        }
    }

    private String numeric(String code, String rest) {
        return ":" + LoadIrcServer.SERVER_NAME + " " + code + " " + (nick == null ? "*" : nick) + " " + rest;
    }

    private static String now() {
        return SERVER_TIME.format(Instant.now());
    }

    private void send(String line) throws IOException {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        outLock.lock();
        try {
            out.write(bytes);
        } finally {
            outLock.unlock();
        }
    }

    private void flush() throws IOException {
        outLock.lock();
        try {
            out.flush();
        } finally {
            outLock.unlock();
        }
    }
}
