package im.switchboard.core.register;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewaySettings.RegistrationLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREATS G1/X11: registration attempts per user and in all, over a sliding window. */
@Timeout(10)
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimiter limiter = new RateLimiter(new RegistrationLimits(2, 3, Duration.ofSeconds(60)),
            now::get);

    @Test
    void perUserLimitThenTheWindowSlides() {
        assertTrue(limiter.tryAcquire("romeo@montague.lit"));
        assertTrue(limiter.tryAcquire("romeo@montague.lit"));
        assertFalse(limiter.tryAcquire("romeo@montague.lit"));
        assertTrue(limiter.tryAcquire("juliet@capulet.lit"), "others are unaffected");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertTrue(limiter.tryAcquire("romeo@montague.lit"));
    }

    @Test
    void totalLimitCoversAllUsers() {
        assertTrue(limiter.tryAcquire("a@montague.lit"));
        assertTrue(limiter.tryAcquire("b@montague.lit"));
        assertTrue(limiter.tryAcquire("c@montague.lit"));
        assertFalse(limiter.tryAcquire("d@montague.lit"));
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertTrue(limiter.tryAcquire("d@montague.lit"));
    }
}
