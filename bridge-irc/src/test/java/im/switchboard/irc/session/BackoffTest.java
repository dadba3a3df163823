package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exponential backoff with full jitter (THREATS I9). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10), new Random(7));

    @Test
    void boundsDoubleUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(10), backoff.bound(0));
        assertEquals(Duration.ofSeconds(20), backoff.bound(1));
        assertEquals(Duration.ofSeconds(320), backoff.bound(5));
        assertEquals(Duration.ofMinutes(10), backoff.bound(7));
        assertEquals(Duration.ofMinutes(10), backoff.bound(100));
    }

    @Test
    void delaysStayWithinTheirBoundsAndSpread() {
        Set<Duration> seen = new HashSet<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            Duration d = backoff.delay(attempt % 10);
            assertTrue(d.compareTo(Duration.ofSeconds(5)) >= 0, d.toString());
            assertTrue(d.compareTo(backoff.bound(attempt % 10)) <= 0, d.toString());
            seen.add(d);
        }
        assertTrue(seen.size() > 40, "jittered: " + seen.size());
    }
}
