package im.switchboard.irc.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The text of one InspIRCd 3 configuration file (see {@link Inspircd} for the choices). */
record InspircdConfig(String serverName, int plainPort, int tlsPort, int linkPort, boolean sasl,
        int maxConnectionsPerIp, int maxConnections, Map<String, String> operators, Path motdFile, Path dir) {

    /** Atheme's server name and the link password both sides share. */
    static final String SERVICES_NAME = "services.switchboard.test";
    static final String LINK_PASSWORD = "switchboard-link";

    private static final int UNLIMITED = 100_000;
    private static final List<String> MODULES = List.of("cap", "ircv3", "ircv3_accounttag", "ircv3_batch",
            "ircv3_capnotify", "ircv3_chghost", "ircv3_ctctags", "ircv3_echomessage", "ircv3_invitenotify",
            "ircv3_msgid", "ircv3_servertime", "namesx", "uhnames", "customprefix", "chghost",
            "services_account", "redirect");

    String text() {
        int perIp = maxConnectionsPerIp > 0 ? maxConnectionsPerIp : UNLIMITED;
        int total = maxConnections > 0 ? maxConnections : UNLIMITED;
        StringBuilder conf = new StringBuilder();
        conf.append("<server name=\"").append(serverName)
                .append("\" description=\"Switchboard test server\" network=\"SwitchboardTest\">\n")
                .append("<admin name=\"Switchboard tests\" nick=\"admin\" email=\"tests@switchboard.invalid\">\n")
                .append("<bind address=\"127.0.0.1\" port=\"").append(plainPort).append("\" type=\"clients\">\n")
                .append("<connect name=\"main\" allow=\"*\" maxchans=\"100\" timeout=\"20\" pingfreq=\"120\"")
                .append(" hardsendq=\"4M\" softsendq=\"1M\" recvq=\"1M\" threshold=\"1000000\"")
                .append(" commandrate=\"1000000\" fakelag=\"no\" localmax=\"").append(perIp)
                .append("\" globalmax=\"").append(perIp).append("\" maxconnwarn=\"no\"")
                .append(" resolvehostnames=\"no\" useident=\"no\" limit=\"").append(total).append("\">\n")
                .append("<files motd=\"").append(motdFile).append("\">\n")
                .append("<pid file=\"").append(dir.resolve("inspircd.pid")).append("\">\n")
                // Logged to standard output, which the fixture appends to its log file.
                .append("<log method=\"file\" type=\"* -USERINPUT -USEROUTPUT\" level=\"default\"")
                .append(" target=\"/dev/stdout\">\n")
                .append("<limits maxnick=\"30\" maxchan=\"64\">\n")
                .append("<security hideulines=\"no\">\n");
        for (String module : MODULES) {
            conf.append("<module name=\"").append(module).append("\">\n");
        }
        conf.append("<customprefix name=\"founder\" letter=\"q\" prefix=\"~\" rank=\"50000\" ranktoset=\"50000\"")
                .append(" ranktounset=\"50000\" depriv=\"yes\">\n")
                .append("<customprefix name=\"admin\" letter=\"a\" prefix=\"&amp;\" rank=\"40000\"")
                .append(" ranktoset=\"50000\" ranktounset=\"50000\" depriv=\"yes\">\n")
                .append("<customprefix name=\"halfop\" letter=\"h\" prefix=\"%\" rank=\"20000\"")
                .append(" ranktoset=\"30000\" ranktounset=\"30000\" depriv=\"yes\">\n");
        if (tlsPort > 0) {
            TestCa ca = TestCa.get();
            conf.append("<module name=\"ssl_gnutls\">\n")
                    .append("<sslprofile name=\"test\" provider=\"gnutls\" certfile=\"")
                    .append(ca.serverCertificatePem()).append("\" keyfile=\"").append(ca.serverKeyPem())
                    .append("\" dhfile=\"").append(ca.dhParametersPem()).append("\" hash=\"sha256\">\n")
                    .append("<bind address=\"127.0.0.1\" port=\"").append(tlsPort)
                    .append("\" type=\"clients\" sslprofile=\"test\">\n");
        }
        if (sasl) {
            conf.append("<module name=\"spanningtree\">\n")
                    .append("<module name=\"sasl\">\n")
                    .append("<module name=\"svshold\">\n")
                    .append("<bind address=\"127.0.0.1\" port=\"").append(linkPort).append("\" type=\"servers\">\n")
                    .append("<link name=\"").append(SERVICES_NAME).append("\" ipaddr=\"127.0.0.1\" port=\"")
                    .append(linkPort).append("\" allowmask=\"127.0.0.1/32\" sendpass=\"").append(LINK_PASSWORD)
                    .append("\" recvpass=\"").append(LINK_PASSWORD).append("\">\n")
                    .append("<uline server=\"").append(SERVICES_NAME).append("\" silent=\"yes\">\n")
                    .append("<sasl target=\"").append(SERVICES_NAME).append("\" requiressl=\"no\">\n");
        }
        if (!operators.isEmpty()) {
            conf.append("<class name=\"Everything\" commands=\"*\" privs=\"*\" usermodes=\"*\" chanmodes=\"*\"")
                    .append(" snomasks=\"*\">\n")
                    .append("<type name=\"NetAdmin\" classes=\"Everything\" vhost=\"netadmin.switchboard.test\">\n");
            operators.forEach((name, password) -> conf.append("<oper name=\"").append(name)
                    .append("\" password=\"").append(password).append("\" host=\"*@*\" type=\"NetAdmin\">\n"));
        }
        return conf.toString();
    }
}
