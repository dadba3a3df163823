package im.switchboard.irc.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses the value of the IRCv3 {@code server-time} tag. The specification ("server-time" extension) fixes the
 * format to {@code YYYY-MM-DDThh:mm:ss.sssZ} (UTC, milliseconds); that exact form is read here field by field,
 * because {@link Instant#parse} (a general ISO-8601 parser) cost about a third of the CPU of an IRC reader thread
 * when every line carries the tag (the echo of each relayed message, docs/performance.md). Any other form, and a
 * field out of its ordinary range, is left to {@link Instant#parse}, so the result is always what it would give.
 */
final class ServerTime {

    private static final int LENGTH = "2011-10-19T16:40:51.620Z".length();
    private static final long SECONDS_PER_DAY = 86_400;

    private ServerTime() {
    }

    /** The instant, or {@link DateTimeParseException} as from {@link Instant#parse}. */
    static Instant parse(String value) {
        if (value.length() != LENGTH || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
                || value.charAt(13) != ':' || value.charAt(16) != ':' || value.charAt(19) != '.'
                || value.charAt(23) != 'Z') {
            return Instant.parse(value);
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 2);
        int day = digits(value, 8, 2);
        int hour = digits(value, 11, 2);
        int minute = digits(value, 14, 2);
        int second = digits(value, 17, 2);
        int millis = digits(value, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || millis < 0) {
            // Days 29-31 need the month's length and second 60 a leap-second rule: the general parser decides.
            return Instant.parse(value);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second,
                millis * 1_000_000L);
    }

    /** The decimal number in {@code count} characters from {@code from}, or -1 if one is not an ASCII digit. */
    private static int digits(String s, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
