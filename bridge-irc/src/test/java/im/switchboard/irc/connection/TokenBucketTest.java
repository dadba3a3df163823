package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** I5: burst, then the steady rate; a fake clock, no waiting. */
@Timeout(10)
class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void burstThenOnePerInterval() {
        TokenBucket bucket = new TokenBucket(3, Duration.ofMillis(500), now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.delayNanos(), "line " + i + " of the burst leaves at once");
            bucket.take();
        }
        assertEquals(Duration.ofMillis(500).toNanos(), bucket.delayNanos());
        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertEquals(Duration.ofMillis(1).toNanos(), bucket.delayNanos());
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(0, bucket.delayNanos());
        bucket.take();
        assertEquals(Duration.ofMillis(500).toNanos(), bucket.delayNanos());
    }

    @Test
    void refillsAfterSilenceButNeverAboveBurst() {
        TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(1), now::get);
        bucket.take();
        bucket.take();
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        bucket.take();
        bucket.take();
        assertEquals(Duration.ofSeconds(1).toNanos(), bucket.delayNanos(), "a long silence refills only the burst");
    }

    @Test
    void zeroIntervalNeverWaits() {
        TokenBucket bucket = new TokenBucket(1, Duration.ZERO, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, bucket.delayNanos());
            bucket.take();
        }
    }

    @Test
    void burstOfOneIsTheSteadyRate() {
        TokenBucket bucket = new TokenBucket(1, Duration.ofMillis(100), now::get);
        assertEquals(0, bucket.delayNanos());
        bucket.take();
        assertEquals(Duration.ofMillis(100).toNanos(), bucket.delayNanos());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, Duration.ofSeconds(1), now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, Duration.ofSeconds(-1), now::get));
    }
}
