package im.switchboard.irc.connection;

import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.TransientFailureException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Threat I4 (SSRF): the allow-list check and "resolve once, check the resolved address, connect to that address".
 *
 * <p>A request names a server only by its policy, and the policy must be one of the admin's, exactly (host, port,
 * TLS and every other field). At connect time the host is resolved once; the acceptable addresses are returned in
 * the resolver's order and the caller connects only to those literal addresses (the next one when one does not
 * answer), so a second lookup (DNS rebinding) cannot redirect the socket.
 * Acceptable: never the unspecified address ({@code 0.0.0.0}, {@code ::}) or a multicast address; loopback always
 * (the admin named the host, as in the newcomer setup with a local ngircd); private (RFC 1918, fc00::/7), link-local
 * (169.254/16 with cloud metadata services, fe80::/10) and shared (100.64/10) addresses only when the connector
 * allows them, because an allow-listed public name that suddenly resolves there is an attack on the gateway's own
 * network.
 *
 * <p>Every refusal carries {@link #REFUSED}, the same text whatever the reason, so the error tells a user nothing
 * about the gateway's network.
 */
final class AddressGuard {

    /** The one text of every refusal (I4). */
    static final String REFUSED = "This IRC server is not available through this gateway";

    private final Set<IrcServerPolicy> allowed;
    private final HostResolver resolver;
    private final boolean allowPrivate;

    AddressGuard(Set<IrcServerPolicy> allowed, HostResolver resolver, boolean allowPrivate) {
        this.allowed = Set.copyOf(allowed);
        this.resolver = resolver;
        this.allowPrivate = allowPrivate;
    }

    /** Whether {@code server} is exactly one of the allow-listed policies. */
    void checkAllowed(IrcServerPolicy server) throws InvalidAddressException {
        if (!allowed.contains(server)) {
            throw new InvalidAddressException(REFUSED);
        }
    }

    /**
     * Resolves the policy's host once and returns the addresses that may be connected to, never empty.
     *
     * @throws InvalidAddressException    the server is not allow-listed or resolves only to refused addresses
     * @throws TransientFailureException  the name does not resolve now
     */
    List<InetAddress> resolve(IrcServerPolicy server) throws InvalidAddressException, TransientFailureException {
        checkAllowed(server);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(server.host());
        } catch (UnknownHostException e) {
            throw new TransientFailureException("The IRC server's name could not be resolved; try again later");
        }
        List<InetAddress> checked = new ArrayList<>();
        for (InetAddress address : addresses) {
            if (acceptable(address, allowPrivate) && !checked.contains(address)) {
                checked.add(address);
            }
        }
        if (checked.isEmpty()) {
            throw new InvalidAddressException(REFUSED);
        }
        return List.copyOf(checked);
    }

    /** The address rule described on the class. */
    static boolean acceptable(InetAddress address, boolean allowPrivate) {
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (address.isLoopbackAddress()) {
            return true;
        }
        if (isPrivate(address)) {
            return allowPrivate;
        }
        return true;
    }

    private static boolean isPrivate(InetAddress address) {
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 100.64.0.0/10, shared address space (RFC 6598); 0.0.0.0/8 "this network"; 255.255.255.255.
            return (first == 100 && second >= 64 && second < 128) || first == 0 || (first == 255 && second == 255);
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local (RFC 4193); ::ffff:a.b.c.d is checked as the IPv4 address it maps.
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
