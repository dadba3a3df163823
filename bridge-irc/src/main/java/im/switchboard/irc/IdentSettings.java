package im.switchboard.irc;

import im.switchboard.config.Config;
import im.switchboard.config.Setting;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where the ident server (RFC 1413, {@link im.switchboard.irc.ident}) listens, if anywhere: keys of the
 * {@code [irc]} table.
 *
 * @param port    0 when there is no ident server
 * @param address the IP literal it binds to
 */
record IdentSettings(int port, String address) {

    static final Setting<Integer> IDENTD_PORT = Setting.integer("identd-port")
            .defaultValue(0)
            .range(0, 65535)
            .description("The port of the gateway's ident server (RFC 1413), so IRC servers show each user with "
                    + "a verified user name of their own (a hash of the JID) instead of one they chose. IRC servers "
                    + "ask on port 113, a privileged port (docs/operations.md); 0 = no ident server.")
            .build();
    static final Setting<String> IDENTD_ADDRESS = Setting.string("identd-address")
            .defaultValue("::")
            .check(IdentSettings::isIpLiteral, "must be an IP address such as :: or 0.0.0.0")
            .description("The address the ident server listens on: where IRC servers reach the gateway. The default "
                    + ":: takes IPv6 and, on a dual-stack host, IPv4.")
            .build();

    static IdentSettings from(Config config) {
        return new IdentSettings(config.get(IDENTD_PORT), config.get(IDENTD_ADDRESS));
    }

    static IdentSettings off() {
        return new IdentSettings(0, "::");
    }

    /** The address to bind, or empty when the ident server is off. */
    Optional<InetSocketAddress> bindAddress() {
        return port == 0 ? Optional.empty() : Optional.of(new InetSocketAddress(address, port));
    }

    private static boolean isIpLiteral(String text) {
        // IPv6: hex digits, colons (and a dotted IPv4 tail); IPv4: digits and dots. Either way a literal the JDK
        // parses without any name lookup.
        if (text.indexOf(':') >= 0) {
            return text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
        }
        return text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }
}
