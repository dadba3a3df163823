package im.switchboard.core.stanza;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for the stanzas the gateway originates (RFC 6120 section 8.1.3: unique within the stream is enough).
 *
 * <p>A random per-process prefix and a counter: unique across restarts and instances, and cheap on the hot path,
 * unlike {@link java.util.UUID#randomUUID()}, which takes the shared {@link SecureRandom} lock for every message.
 */
public final class StanzaIds {

    private static final String PREFIX = prefix();
    private static final AtomicLong COUNTER = new AtomicLong();

    private StanzaIds() {
    }

    /** A new id such as {@code sb4k9x2q1-3f}. */
    public static String next() {
        return PREFIX + Long.toString(COUNTER.incrementAndGet(), Character.MAX_RADIX);
    }

    private static String prefix() {
        long random = new SecureRandom().nextLong() & Long.MAX_VALUE;
        return "sb" + Long.toString(random, Character.MAX_RADIX) + "-";
    }
}
