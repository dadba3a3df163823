package im.switchboard.core.link;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exponential backoff with full jitter, capped (THREATS X8). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BackoffTest {

    @Test
    void delaysStayWithinTheExponentialCapAndTheMaximum() {
        LinkSettings settings = LinkSettings.builder("irc.montague.lit", "s")
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(30)).build();
        ComponentLink link = new ComponentLink(settings, new RecordingListener());
        for (int failures = 0; failures < 64; failures++) {
            long cap = Math.min(30_000, 100L << Math.min(failures, 20));
            long max = 0;
            for (int i = 0; i < 200; i++) {
                long delay = link.backoff(failures).toMillis();
                assertTrue(delay >= 0 && delay <= cap, failures + " failures: " + delay + " ms, cap " + cap);
                max = Math.max(max, delay);
            }
            // Jitter spreads over the whole range: 200 draws reach its upper half.
            assertTrue(max >= cap / 2, failures + " failures: max " + max + " of cap " + cap);
        }
    }
}
