package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.TransientFailureException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** I4: exact allow-list, resolve once, check the address, one refusal text. */
@Timeout(10)
class AddressGuardTest {

    private static final IrcServerPolicy LIBERA = policy("irc.libera.chat", 6697, true);

    private static IrcServerPolicy policy(String host, int port, boolean tls) {
        return new IrcServerPolicy(host, port, tls, Optional.empty(), 5, Duration.ofSeconds(2), 10);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static HostResolver table(Map<String, List<String>> entries, AtomicInteger lookups) {
        return host -> {
            lookups.incrementAndGet();
            List<String> found = entries.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found.stream().map(AddressGuardTest::ip).toArray(InetAddress[]::new);
        };
    }

    @Test
    void onlyExactPoliciesAreAllowed() {
        AtomicInteger lookups = new AtomicInteger();
        AddressGuard guard = new AddressGuard(Set.of(LIBERA), table(Map.of(), lookups), false);
        for (IrcServerPolicy other : List.of(policy("irc.libera.chat", 6667, true),
                policy("irc.libera.chat", 6697, false), policy("IRC.libera.chat", 6697, true),
                policy("irc.libera.chat.evil.test", 6697, true),
                new IrcServerPolicy("irc.libera.chat", 6697, true, Optional.of(Secret.of("x")), 5,
                        Duration.ofSeconds(2), 10))) {
            InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> guard.resolve(other));
            assertEquals(AddressGuard.REFUSED, e.getMessage());
        }
        assertEquals(0, lookups.get(), "a refused server is not even resolved");
    }

    @Test
    void resolvesOnceAndReturnsTheCheckedAddress() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AddressGuard guard = new AddressGuard(Set.of(LIBERA),
                table(Map.of("irc.libera.chat", List.of("10.1.2.3", "203.0.113.7")), lookups), false);
        assertEquals(List.of(ip("203.0.113.7")), guard.resolve(LIBERA), "the private address is skipped");
        assertEquals(1, lookups.get());
    }

    @Test
    void refusalTextIsTheSameWhateverTheReason() {
        AtomicInteger lookups = new AtomicInteger();
        AddressGuard guard = new AddressGuard(Set.of(LIBERA),
                table(Map.of("irc.libera.chat", List.of("169.254.169.254", "0.0.0.0", "224.0.0.1")), lookups),
                false);
        InvalidAddressException resolved = assertThrows(InvalidAddressException.class, () -> guard.resolve(LIBERA));
        InvalidAddressException listed = assertThrows(InvalidAddressException.class,
                () -> guard.resolve(policy("evil.test", 6697, true)));
        assertEquals(listed.getMessage(), resolved.getMessage());
    }

    @Test
    void unresolvableIsTransient() {
        AddressGuard guard = new AddressGuard(Set.of(LIBERA), table(Map.of(), new AtomicInteger()), false);
        assertThrows(TransientFailureException.class, () -> guard.resolve(LIBERA));
    }

    @Test
    void addressRules() {
        assertTrue(AddressGuard.acceptable(ip("127.0.0.1"), false, true), "loopback: the admin named a local server");
        assertTrue(AddressGuard.acceptable(ip("::1"), false, true));
        assertTrue(AddressGuard.acceptable(ip("203.0.113.7"), false, false));
        assertTrue(AddressGuard.acceptable(ip("2001:db8::1"), false, false));
        for (String refused : List.of("10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:10.0.0.1")) {
            assertFalse(AddressGuard.acceptable(ip(refused), false, false), refused);
            assertTrue(AddressGuard.acceptable(ip(refused), true, false), refused + " when private ones are allowed");
        }
        for (String never : List.of("0.0.0.0", "::", "224.0.0.1", "ff02::1")) {
            assertFalse(AddressGuard.acceptable(ip(never), true, true), never);
        }
    }

    @Test
    void aPublicNameThatResolvesToLoopbackIsRefused() throws Exception {
        AddressGuard guard = new AddressGuard(Set.of(LIBERA, policy("localhost", 6667, false),
                policy("127.0.0.1", 6667, false), policy("::1", 6667, false)),
                table(Map.of("irc.libera.chat", List.of("127.0.0.1", "::1"), "localhost", List.of("127.0.0.1"),
                        "127.0.0.1", List.of("127.0.0.1"), "::1", List.of("::1")), new AtomicInteger()), false);
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> guard.resolve(LIBERA));
        assertEquals(AddressGuard.REFUSED, e.getMessage());
        assertEquals(List.of(ip("127.0.0.1")), guard.resolve(policy("localhost", 6667, false)));
        assertEquals(List.of(ip("127.0.0.1")), guard.resolve(policy("127.0.0.1", 6667, false)));
        assertEquals(List.of(ip("::1")), guard.resolve(policy("::1", 6667, false)));
        assertFalse(AddressGuard.isLoopbackName("localhost.example.org"));
        assertFalse(AddressGuard.isLoopbackName("127.0.0.1.nip.io"));
    }

    @Test
    void nat64And6to4AddressesAreJudgedByTheirIpv4Address() {
        for (String refused : List.of("64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "2002:a00:1::1", "2002:c0a8:101::1",
                "64:ff9b::7f00:1", "2002:7f00:1::1")) {
            assertFalse(AddressGuard.acceptable(ip(refused), false, false), refused);
        }
        assertFalse(AddressGuard.acceptable(ip("64:ff9b::e000:1"), true, true), "multicast behind NAT64");
        assertTrue(AddressGuard.acceptable(ip("64:ff9b::cb00:7107"), false, false), "203.0.113.7 behind NAT64");
        assertTrue(AddressGuard.acceptable(ip("2002:cb00:7107::1"), false, false), "203.0.113.7 behind 6to4");
        assertTrue(AddressGuard.acceptable(ip("64:ff9b::a00:1"), true, false), "allowed private addresses");
    }
}
