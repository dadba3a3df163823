package im.switchboard.core.muc;

import im.switchboard.core.history.HistoryLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import org.dom4j.Element;

/**
 * Reads the {@code <history/>} of a join (XEP-0045 section 7.2.14): {@code maxchars}, {@code maxstanzas},
 * {@code seconds} and {@code since} (XEP-0082 DateTime). Values that cannot be read are ignored, as if absent:
 * the join itself is still valid. When both {@code seconds} and {@code since} are given, the later limit wins
 * (the section says the service sends what meets every given criterion).
 */
public final class HistoryRequests {

    private HistoryRequests() {
    }

    /** The limit for a join whose {@code <x xmlns='http://jabber.org/protocol/muc'/>} is {@code x} (may be null). */
    public static HistoryLimit parse(Element x, int cap, Instant now) {
        Element history = x == null ? null : x.element("history");
        if (history == null) {
            return HistoryLimit.upTo(cap);
        }
        OptionalInt maxStanzas = number(history.attributeValue("maxstanzas"));
        OptionalInt maxChars = number(history.attributeValue("maxchars"));
        Optional<Instant> since = Optional.empty();
        OptionalInt seconds = number(history.attributeValue("seconds"));
        if (seconds.isPresent()) {
            since = Optional.of(now.minus(Duration.ofSeconds(seconds.getAsInt())));
        }
        Optional<Instant> sinceAttr = instant(history.attributeValue("since"));
        if (sinceAttr.isPresent() && (since.isEmpty() || sinceAttr.get().isAfter(since.get()))) {
            since = sinceAttr;
        }
        return new HistoryLimit(maxStanzas, maxChars, since, cap);
    }

    private static OptionalInt number(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Optional<Instant> instant(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
