package im.switchboard.irc.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * InspIRCd 3 (Debian package {@code inspircd}) on loopback with a private configuration and the IRCv3 modules,
 * optionally linked to Atheme services (Debian package {@code atheme-services}) so that SASL PLAIN really works.
 *
 * <p>Configuration choices (InspIRCd 3's inspircd.conf.example / modules.conf.example):
 * <ul>
 * <li>{@code --nofork} keeps it in the foreground; {@code --runasroot} only when the JVM runs as root (InspIRCd
 *     refuses root otherwise). Its log goes to standard output, hence to {@link IrcServerProcess#logFile()}.</li>
 * <li>One connect class for everyone: {@code resolvehostnames="no"} and {@code useident="no"} (no lookups
 *     delay a connect); {@code localmax}/{@code globalmax} (clones per IP) unlimited unless
 *     {@link Builder#maxConnectionsPerIp} sets them, {@code limit} from {@link Builder#maxConnections};
 *     {@code threshold} and {@code commandrate} so high and {@code fakelag="no"} so that a test sending many
 *     lines is neither fake-lagged nor killed for "Excess Flood".</li>
 * <li>IRCv3: {@code cap}, {@code ircv3} (account-notify, away-notify, extended-join), {@code ircv3_accounttag},
 *     {@code ircv3_batch}, {@code ircv3_capnotify}, {@code ircv3_chghost}, {@code ircv3_ctctags}
 *     (message-tags), {@code ircv3_echomessage}, {@code ircv3_invitenotify}, {@code ircv3_msgid},
 *     {@code ircv3_servertime}, {@code namesx} (multi-prefix), {@code uhnames}; plus {@code customprefix} for
 *     the founder (~, +q), admin (&amp;, +a) and halfop (%, +h) ranks so every MUC role mapping can be tested;
 *     {@code redirect} for channel mode {@code +L} (a full channel forwards joins: ERR_LINKCHANNEL 470).</li>
 * <li>TLS with {@code ssl_gnutls} and the {@link TestCa} certificate ({@link Builder#tls}).</li>
 * <li>{@link Builder#sasl}: {@code spanningtree} listens on a third loopback port for Atheme's server link
 *     (protocol module {@code inspircd}), {@code sasl} targets it, {@code services_account} carries accounts.
 *     Atheme runs with its own folder and stays up when InspIRCd is stopped or killed; it links again by
 *     itself ({@code recontime}), and {@link IrcServerProcess#start()} waits for that.</li>
 * </ul>
 * InspIRCd 3 completes a client's registration (001) on its one-second background timer, so every connect
 * takes up to a second; tests that connect many clients do it in parallel.
 */
public final class Inspircd {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(10);

    private Inspircd() {
    }

    /** A builder with TLS off, no SASL, no connection limits, no operator. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers a NickServ account on a server started with {@link Builder#sasl(boolean)} (a client with the
     * account's name as nick sends {@code REGISTER}); an {@link AssertionError} if services refuse.
     */
    public static void createAccount(IrcServerProcess server, String name, String password) {
        try (RawIrcClient client = RawIrcClient.connect(server.host(), server.plainPort(), name)) {
            client.send("PRIVMSG NickServ :REGISTER " + password + " " + name + "@switchboard.test");
            String reply = client.awaitLine(line -> line.startsWith(":NickServ!")
                    && RawIrcClient.hasCommand(line, "NOTICE"), REPLY_WAIT);
            if (!reply.contains("is now registered")) {
                throw new AssertionError("NickServ did not register " + name + ": " + reply);
            }
            client.send("QUIT :registered");
        }
    }

    /** Options of one InspIRCd instance. */
    public static final class Builder {

        private boolean tls;
        private boolean sasl;
        private int maxConnectionsPerIp;
        private int maxConnections;
        private final Map<String, String> operators = new LinkedHashMap<>();
        private final Map<String, String> accounts = new LinkedHashMap<>();
        private String motd = "Switchboard test server (InspIRCd)";
        private String serverName = "irc.inspircd.test";

        private Builder() {
        }

        /** Also listen with TLS on {@link IrcServerProcess#tlsPort()}, certificate from {@link TestCa}. */
        public Builder tls(boolean enabled) {
            this.tls = enabled;
            return this;
        }

        /** Also start Atheme services linked to the server, so SASL PLAIN and NickServ work. */
        public Builder sasl(boolean enabled) {
            this.sasl = enabled;
            return this;
        }

        /** A NickServ account created once the services are up (needs {@link #sasl(boolean)}). */
        public Builder account(String name, String password) {
            accounts.put(name, password);
            return this;
        }

        /** Simultaneous connections allowed from one IP ({@code localmax}); 0 = unlimited (default). */
        public Builder maxConnectionsPerIp(int limit) {
            this.maxConnectionsPerIp = limit;
            return this;
        }

        /** Simultaneous clients allowed in all ({@code limit} of the connect class); 0 = unlimited (default). */
        public Builder maxConnections(int limit) {
            this.maxConnections = limit;
            return this;
        }

        /** An IRC operator ({@code OPER name password}) with every privilege. */
        public Builder operator(String name, String password) {
            operators.put(name, password);
            return this;
        }

        /** The MOTD text. */
        public Builder motd(String text) {
            this.motd = text;
            return this;
        }

        /** The server name it announces; default {@code irc.inspircd.test}. */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /** Writes the configuration, starts InspIRCd (and Atheme), waits until ready, creates the accounts. */
        public IrcServerProcess start() {
            if (!accounts.isEmpty() && !sasl) {
                throw new IllegalStateException("accounts need services: call sasl(true)");
            }
            Path binary = ServerBinary.find("inspircd", "inspircd");
            Path servicesBinary = sasl ? ServerBinary.find("atheme-services", "atheme-services") : null;
            Path dir = FixtureFiles.newFolder("switchboard-inspircd-");
            int[] ports = FreePorts.allocate(3);
            int plainPort = ports[0];
            int tlsPort = tls ? ports[1] : -1;
            int linkPort = ports[2];
            Path motdFile = FixtureFiles.write(dir, "motd.txt", motd + "\n");
            Path config = FixtureFiles.write(dir, "inspircd.conf",
                    new InspircdConfig(serverName, plainPort, tlsPort, linkPort, sasl, maxConnectionsPerIp,
                            maxConnections, operators, motdFile, dir).text());
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--nofork", "--config=" + config));
            if (ServerBinary.runningAsRoot()) {
                command.add("--runasroot");
            }
            ManagedProcess daemon = new ManagedProcess("inspircd", command, dir, dir.resolve("inspircd.log"));
            ManagedProcess services = sasl ? Atheme.process(servicesBinary, dir, serverName, linkPort) : null;
            ManagedIrcServer server = new ManagedIrcServer(serverName, plainPort, tlsPort, daemon, services);
            try {
                server.start();
                accounts.forEach((name, password) -> createAccount(server, name, password));
            } catch (RuntimeException | AssertionError e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
