package im.switchboard.irc.connection;

import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.TransientFailureException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Threat I4 (SSRF): the allow-list check and "resolve once, check the resolved address, connect to that address".
 *
 * <p>A request names a server only by its policy, and the policy must be one of the admin's, exactly (host, port,
 * TLS and every other field). At connect time the host is resolved once; the acceptable addresses are returned in
 * the resolver's order and the caller connects only to those literal addresses (the next one when one does not
 * answer), so a second lookup (DNS rebinding) cannot redirect the socket.
 * Acceptable: never the unspecified address ({@code 0.0.0.0}, {@code ::}) or a multicast address; loopback only
 * when the admin named a loopback host ({@code localhost} or a loopback literal, as in the newcomer setup with a
 * local ngircd) or allows private addresses, since a public name that resolves to loopback reaches the gateway's
 * own services; private
 * (RFC 1918, fc00::/7), link-local (169.254/16 with cloud metadata services, fe80::/10) and shared (100.64/10)
 * addresses only when the connector allows them, because an allow-listed public name that suddenly resolves there
 * is an attack on the gateway's own network. IPv6 addresses that carry an IPv4 address which a translator or relay
 * reaches (NAT64 {@code 64:ff9b::/96}, RFC 6052; 6to4 {@code 2002::/16}, RFC 3056) are judged by that IPv4
 * address, as {@code ::ffff:a.b.c.d} is.
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
        boolean loopbackNamed = isLoopbackName(server.host());
        List<InetAddress> checked = new ArrayList<>();
        for (InetAddress address : addresses) {
            if (acceptable(address, allowPrivate, loopbackNamed) && !checked.contains(address)) {
                checked.add(address);
            }
        }
        if (checked.isEmpty()) {
            throw new InvalidAddressException(REFUSED);
        }
        return List.copyOf(checked);
    }

    /** Whether the admin named a loopback host: {@code localhost} or a loopback IP literal. */
    static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        boolean literal = h.indexOf(':') >= 0 || h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!literal || h.isEmpty()) {
            return false;
        }
        try {
            // a literal is parsed, never looked up
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The address rule described on the class. */
    static boolean acceptable(InetAddress address, boolean allowPrivate, boolean loopbackNamed) {
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return acceptable(embedded.get(), allowPrivate, loopbackNamed);
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (address.isLoopbackAddress()) {
            // the admin named a local server, or trusts the gateway's own network with every private address
            return loopbackNamed || allowPrivate;
        }
        if (isPrivate(address)) {
            return allowPrivate;
        }
        return true;
    }

    /** The IPv4 address a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address leads to. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        byte[] v4;
        if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && Arrays.equals(b, 4, 12, new byte[8], 0, 8)) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6);
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            // four bytes are always an IPv4 address
            return Optional.empty();
        }
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
