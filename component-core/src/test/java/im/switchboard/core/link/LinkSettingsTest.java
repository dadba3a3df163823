package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREATS X10: a plaintext link only to loopback, unless TLS or an explicit tunnel. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LinkSettingsTest {

    private static LinkSettings.Builder base() {
        return LinkSettings.builder("irc.montague.lit", "s3cr3t");
    }

    @Test
    void loopbackHostsArePlaintextOk() {
        for (String host : List.of("localhost", "127.0.0.1", "127.8.9.10", "::1", "LOCALHOST")) {
            assertEquals(List.of(), base().server(host, 5347).build().validate(), host);
        }
    }

    @Test
    void nonLoopbackPlaintextIsRefusedWithAnExplanation() {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): a literal, so nothing is resolved.
        List<String> problems = base().server("192.0.2.7", 5347).build().validate();
        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.contains("192.0.2.7"), problem);
        assertTrue(problem.contains("not a loopback address"), problem);
        assertTrue(problem.contains("TLS"), problem);
        assertTrue(problem.contains("tunnelled"), problem);
    }

    @Test
    void nonLoopbackIsAllowedWithTlsOrTunnel() {
        assertEquals(List.of(), base().server("192.0.2.7", 5347).tls(TlsMode.DIRECT).build().validate());
        assertEquals(List.of(), base().server("192.0.2.7", 5347).tunnelled(true).build().validate());
    }

    @Test
    void secretsAreMasked() {
        LinkSettings settings = base().trustStore(null, "storepass").build();
        assertFalse(settings.toString().contains("s3cr3t"), settings.toString());
        assertFalse(settings.toString().contains("storepass"), settings.toString());
    }

    @Test
    void serverDomainDefaultsToTheParentDomain() {
        assertEquals("montague.lit", base().build().serverDomain());
        assertEquals("example.org", base().serverDomain("example.org").build().serverDomain());
    }

    @Test
    void everyProblemIsListed() {
        LinkSettings settings = LinkSettings.builder("bad domain", "").server("localhost", 0).queueCapacity(0)
                .serverDomain("montague.lit").build();
        List<String> problems = settings.validate();
        assertEquals(4, problems.size(), problems.toString());
    }
}
