package im.switchboard.core.session;

import im.switchboard.core.error.StanzaError;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.xmpp.packet.PacketError;

/**
 * The retries of a kept-open (always-on) session's log-in while nothing else would try again: the user is
 * offline, so no presence of theirs starts a log-in (XEP-0100 section 4.4), and a log-in that failed at the
 * gateway's start (the legacy server down, a rate limit) would otherwise stay failed until they come back.
 *
 * <p>A failure is retried when its stanza error has the type {@code wait} (RFC 6120 section 8.3.2: "retry after
 * waiting"; {@link im.switchboard.core.error.LegacyErrors} gives that type to "not connected", "rate limited" and
 * transient failures). Any other type ({@code auth} for bad credentials, {@code cancel}, {@code modify}) will fail
 * the same way again: the retries stop and the user is told once. A rate limit waits the longest backoff at once
 * (THREATS I5: no retry storm against a server that already pushes back).
 *
 * <p>Each planned retry has a token; cancelling (the user came online, the registration went away or no longer
 * keeps the session open) voids it, so a timer that fires later finds nothing to do. Confined to the user's actor.
 */
final class LoginRetries {

    /** A planned attempt: run it only while {@link #take} accepts its token. */
    record Planned(Object token, Duration delay) {
        Planned {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(delay, "delay");
        }
    }

    private final RetryBackoff backoff;
    private int failures;
    private Object pending;
    private boolean gaveUp;

    LoginRetries(RetryBackoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Whether a log-in failing with {@code error} may succeed later without anything changing. */
    static boolean isTransient(StanzaError error) {
        return error.type() == PacketError.Type.wait;
    }

    /** A transient failure: the next attempt, after the backoff of the failures in a row so far. */
    Planned failed(StanzaError error) {
        failures++;
        gaveUp = false;
        Duration delay = error.condition() == PacketError.Condition.resource_constraint
                ? backoff.max() : backoff.delay(failures);
        return plan(delay);
    }

    /**
     * A permanent failure: no more attempts. {@code true} the first time, so that the user is told once; the
     * next failure after a {@link #reset} or a success is told again.
     */
    boolean gaveUp() {
        pending = null;
        boolean first = !gaveUp;
        gaveUp = true;
        return first;
    }

    /**
     * Plan an attempt again after a pause (the user went offline while the session is still not open), with the
     * backoff of the failures so far; empty after a permanent failure.
     */
    Optional<Planned> resume() {
        if (gaveUp) {
            return Optional.empty();
        }
        return Optional.of(plan(backoff.delay(Math.max(1, failures))));
    }

    private Planned plan(Duration delay) {
        pending = new Object();
        return new Planned(pending, delay);
    }

    /** Whether {@code token} is the planned attempt's; it is used up then. */
    boolean take(Object token) {
        if (pending == null || pending != token) {
            return false;
        }
        pending = null;
        return true;
    }

    /** Whether an attempt is planned. */
    boolean isPending() {
        return pending != null;
    }

    /** No attempt planned any more (the failure count stays, for {@link #resume}). */
    void cancel() {
        pending = null;
    }

    /**
     * Logged in, or the registration changed: the next failure starts the backoff afresh and is told again. A
     * planned attempt stays planned (it finds the session open, or tries the new registration).
     */
    void reset() {
        failures = 0;
        gaveUp = false;
    }

    /** How many log-ins failed in a row. */
    int failures() {
        return failures;
    }
}
