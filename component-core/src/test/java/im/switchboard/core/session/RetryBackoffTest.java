package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Capped exponential backoff with full jitter (THREATS I5, X8). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5),
            new Random(42));

    @Test
    void theBoundDoublesPerFailureUpToTheCap() {
        assertEquals(5_000, backoff.bound(1));
        assertEquals(10_000, backoff.bound(2));
        assertEquals(20_000, backoff.bound(3));
        assertEquals(160_000, backoff.bound(6));
        assertEquals(300_000, backoff.bound(7));
        assertEquals(300_000, backoff.bound(63));
        assertEquals(300_000, backoff.bound(Integer.MAX_VALUE));
        assertEquals(5_000, backoff.bound(0), "no failure yet counts as the first");
    }

    @Test
    void delaysSpreadOverTheWholeRange() {
        for (int failures = 1; failures < 40; failures++) {
            long bound = backoff.bound(failures);
            long max = 0;
            for (int i = 0; i < 200; i++) {
                long delay = backoff.delay(failures).toMillis();
                assertTrue(delay >= 0 && delay <= bound, failures + ": " + delay + " of " + bound);
                max = Math.max(max, delay);
            }
            assertTrue(max >= bound / 2, failures + ": the jitter reaches the upper half of " + bound);
        }
    }

    @Test
    void anInitialDelayLongerThanTheCapIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(5), new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ZERO, Duration.ofMinutes(5), new Random()));
    }
}
