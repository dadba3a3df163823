package im.switchboard.irc.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ngircd (Debian package {@code ngircd}) on loopback with a private configuration, for tests.
 *
 * <p>Configuration choices (ngircd.conf(5) of ngircd 26):
 * <ul>
 * <li>{@code Listen = 127.0.0.1} and kernel-chosen free ports; {@code ngircd -n} keeps it in the foreground
 *     so the fixture owns the process and its output.</li>
 * <li>{@code DNS = no}, {@code Ident = no}: no reverse lookup or ident query delays a connect; {@code PAM = no}:
 *     no PAM call and no password needed (ngircd's Debian build enables PAM by default).</li>
 * <li>Flood limits a test with many clients from one address can pass: {@code MaxConnectionsIP = 0}
 *     (unlimited, default 5) unless {@link Builder#maxConnectionsPerIp} sets it; {@code MaxPenaltyTime = 0}
 *     turns off the per-command "penalty" throttling (ngircd otherwise delays a client that sends more than a
 *     few commands per second, which would make relay tests slow, not wrong); {@code MaxJoins = 0} (no channel
 *     limit, default 10); {@code MaxNickLength = 30} (default 9, shorter than test nicks);
 *     {@code MaxListSize = 1000}.</li>
 * <li>TLS ({@code [SSL] Ports}) with the {@link TestCa} server certificate when {@link Builder#tls} is on.</li>
 * </ul>
 * Started as root, ngircd drops to {@code nobody}: the fixture folder is world-readable for that reason.
 */
public final class Ngircd {

    private Ngircd() {
    }

    /** A builder with TLS off, no connection limits, no operator. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of one ngircd instance. */
    public static final class Builder {

        private boolean tls;
        private int maxConnectionsPerIp;
        private int maxConnections;
        private final Map<String, String> operators = new LinkedHashMap<>();
        private String motd = "Switchboard test server (ngircd)";
        private String serverName = "irc.ngircd.test";
        private String password = "";
        private String webircPassword = "";
        private boolean ident;

        private Builder() {
        }

        /** Also listen with TLS on {@link IrcServerProcess#tlsPort()}, certificate from {@link TestCa}. */
        public Builder tls(boolean enabled) {
            this.tls = enabled;
            return this;
        }

        /** Simultaneous connections allowed from one IP ({@code MaxConnectionsIP}); 0 = unlimited (default). */
        public Builder maxConnectionsPerIp(int limit) {
            this.maxConnectionsPerIp = limit;
            return this;
        }

        /** Simultaneous connections allowed in all ({@code MaxConnections}); 0 = unlimited (default). */
        public Builder maxConnections(int limit) {
            this.maxConnections = limit;
            return this;
        }

        /** An IRC operator ({@code OPER name password}). */
        public Builder operator(String name, String password) {
            operators.put(name, password);
            return this;
        }

        /** The MOTD phrase (ngircd's {@code MotdPhrase}, below 127 characters). */
        public Builder motd(String text) {
            this.motd = text;
            return this;
        }

        /** The global connection password every client must send with {@code PASS} ({@code Password}). */
        public Builder password(String secret) {
            this.password = checkedValue(secret);
            return this;
        }

        /** The password that lets a client use {@code WEBIRC} ({@code WebircPassword}); empty = no WEBIRC. */
        public Builder webircPassword(String secret) {
            this.webircPassword = checkedValue(secret);
            return this;
        }

        /**
         * Ask the connecting host's ident server (RFC 1413) who each connection is ({@code Ident = yes}): ngircd
         * asks port 113 of the client's address, 127.0.0.1 here, so a test must run its ident server there. ngircd
         * asks only along with its reverse DNS lookup, so this turns {@code DNS} on too (127.0.0.1 resolves from
         * /etc/hosts).
         */
        public Builder ident(boolean enabled) {
            this.ident = enabled;
            return this;
        }

        /** ngircd.conf has no quoting: a value is the rest of its line, so it must be one plain word. */
        private static String checkedValue(String value) {
            if (!value.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("a test password must be a plain word");
            }
            return value;
        }

        /** The server name it announces (must contain a dot); default {@code irc.ngircd.test}. */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /** Writes the configuration, starts ngircd and waits until it greets a client. */
        public IrcServerProcess start() {
            Path binary = ServerBinary.find("ngircd", "ngircd");
            Path dir = FixtureFiles.newFolder("switchboard-ngircd-");
            int[] ports = FreePorts.allocate(2);
            int plainPort = ports[0];
            int tlsPort = tls ? ports[1] : -1;
            Path config = FixtureFiles.write(dir, "ngircd.conf", config(plainPort, tlsPort));
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-n", "-f", config.toString()));
            ManagedProcess daemon = new ManagedProcess("ngircd", command, dir, dir.resolve("ngircd.log"));
            ManagedIrcServer server = new ManagedIrcServer(serverName, plainPort, tlsPort, daemon, null, password);
            try {
                server.start();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }

        private String config(int plainPort, int tlsPort) {
            StringBuilder conf = new StringBuilder();
            conf.append("[Global]\n")
                    .append("Name = ").append(serverName).append('\n')
                    .append("Info = Switchboard test server\n")
                    .append("AdminInfo1 = Switchboard tests\nAdminInfo2 = loopback\n")
                    .append("AdminEMail = tests@switchboard.invalid\n")
                    .append("Listen = 127.0.0.1\n")
                    .append("Ports = ").append(plainPort).append('\n')
                    .append("MotdPhrase = \"").append(motd.replace("\"", "'")).append("\"\n");
            if (!password.isEmpty()) {
                conf.append("Password = ").append(password).append('\n');
            }
            conf.append("[Limits]\n")
                    .append("MaxConnections = ").append(maxConnections).append('\n')
                    .append("MaxConnectionsIP = ").append(maxConnectionsPerIp).append('\n')
                    .append("MaxJoins = 0\n")
                    .append("MaxNickLength = 30\n")
                    .append("MaxListSize = 1000\n")
                    .append("MaxPenaltyTime = 0\n")
                    .append("PingTimeout = 120\n")
                    .append("PongTimeout = 20\n")
                    .append("[Options]\n")
                    // ngircd makes its ident query from the resolver it starts for DNS: no DNS, no ident query.
                    .append("DNS = ").append(ident ? "yes" : "no").append('\n')
                    .append("Ident = ").append(ident ? "yes" : "no").append('\n')
                    .append("PAM = no\n")
                    .append("OperCanUseMode = yes\n");
            if (!webircPassword.isEmpty()) {
                // An [Options] variable, not [Global]: ngircd ignores it elsewhere with only a warning.
                conf.append("WebircPassword = ").append(webircPassword).append('\n');
            }
            if (tlsPort > 0) {
                TestCa ca = TestCa.get();
                conf.append("[SSL]\n")
                        .append("CertFile = ").append(ca.serverCertificatePem()).append('\n')
                        .append("KeyFile = ").append(ca.serverKeyPem()).append('\n')
                        .append("DHFile = ").append(ca.dhParametersPem()).append('\n')
                        .append("Ports = ").append(tlsPort).append('\n');
            }
            operators.forEach((name, password) -> conf.append("[Operator]\n")
                    .append("Name = ").append(name).append('\n')
                    .append("Password = ").append(password).append('\n'));
            return conf.toString();
        }
    }
}
