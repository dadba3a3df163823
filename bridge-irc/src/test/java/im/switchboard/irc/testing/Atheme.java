package im.switchboard.irc.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * Atheme 7.2 services (Debian package {@code atheme-services}) linked to the InspIRCd fixture over loopback:
 * NickServ for accounts and SaslServ for SASL PLAIN. Its database lives in the fixture's folder; it reconnects
 * to its uplink every second ({@code recontime}) so it survives an InspIRCd restart with its accounts.
 */
final class Atheme {

    private Atheme() {
    }

    static ManagedProcess process(Path binary, Path dir, String uplinkName, int linkPort) {
        Path data = FixtureFiles.writableFolder(dir, "atheme-data");
        Path config = FixtureFiles.write(dir, "atheme.conf", config(uplinkName, linkPort));
        List<String> command = List.of(binary.toString(), "-n", "-c", config.toString(), "-D", data.toString(),
                "-l", dir.resolve("atheme-file.log").toString(), "-p", dir.resolve("atheme.pid").toString());
        return new ManagedProcess("atheme-services", command, dir, dir.resolve("atheme.log"));
    }

    private static String config(String uplinkName, int linkPort) {
        String services = InspircdConfig.SERVICES_NAME;
        return """
                loadmodule "modules/protocol/inspircd";
                loadmodule "modules/backend/opensex";
                loadmodule "modules/crypto/pbkdf2v2";
                loadmodule "modules/nickserv/main";
                loadmodule "modules/nickserv/register";
                loadmodule "modules/nickserv/identify";
                loadmodule "modules/nickserv/logout";
                loadmodule "modules/nickserv/info";
                loadmodule "modules/saslserv/main";
                loadmodule "modules/saslserv/plain";
                serverinfo {
                    name = "%1$s";
                    desc = "Switchboard test services";
                    numeric = "00A";
                    recontime = 1;
                    netname = "SwitchboardTest";
                    hidehostsuffix = "users.switchboard.test";
                    adminname = "Switchboard tests";
                    adminemail = "tests@switchboard.invalid";
                    registeremail = "noreply@switchboard.invalid";
                    auth = none;
                    loglevel = { admin; error; info; network; register; };
                    maxlogins = 5;
                    maxusers = 5;
                    mdlimit = 30;
                    emaillimit = 10;
                    emailtime = 300;
                };
                uplink "%2$s" {
                    host = "127.0.0.1";
                    port = %3$d;
                    send_password = "%4$s";
                    receive_password = "%4$s";
                };
                nickserv {
                    nick = "NickServ";
                    user = "NickServ";
                    host = "%1$s";
                    real = "Nickname Services";
                };
                saslserv {
                    nick = "SaslServ";
                    user = "SaslServ";
                    host = "%1$s";
                    real = "SASL Authentication Agent";
                };
                general {
                    commit_interval = 1;
                    ratelimit_uses = 1000;
                    ratelimit_period = 1;
                };
                """.formatted(services, uplinkName, linkPort, InspircdConfig.LINK_PASSWORD);
    }
}
