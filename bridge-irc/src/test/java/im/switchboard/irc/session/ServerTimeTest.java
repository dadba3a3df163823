package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server-time fast path gives exactly what {@link Instant#parse} gives, and fails where it fails. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerTimeTest {

    @Test
    void theSpecificationExample() {
        assertEquals(Instant.parse("2011-10-19T16:40:51.620Z"), ServerTime.parse("2011-10-19T16:40:51.620Z"));
    }

    @Test
    void randomInstantsAgreeWithTheJdk() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(-62_135_596_800_000L, 253_402_300_799_000L))
                    .truncatedTo(ChronoUnit.MILLIS);
            String text = String.format("%s", instant);
            // Instant.toString omits zero fractions; the tag always has three digits.
            String tag = text.length() == 20 ? text.substring(0, 19) + ".000Z" : text;
            if (tag.length() == 24) {
                assertEquals(Instant.parse(tag), ServerTime.parse(tag), tag);
            }
        }
    }

    @Test
    void endsOfMonthsLeapDaysAndOtherFormsGoToTheGeneralParser() {
        for (String tag : new String[] {"2024-02-29T23:59:59.999Z", "2024-12-31T00:00:00.000Z",
            "1970-01-01T00:00:00.000Z", "2011-10-19T16:40:51Z", "2011-10-19T16:40:51.620123Z"}) {
            assertEquals(Instant.parse(tag), ServerTime.parse(tag), tag);
        }
    }

    @Test
    void whatTheJdkRefusesIsRefused() {
        for (String tag : new String[] {"2023-02-29T00:00:00.000Z", "2011-13-19T16:40:51.620Z",
            "2011-10-19T24:40:51.620Z", "2011-10-19T16:60:51.620Z", "2011-1a-19T16:40:51.620Z",
            "2011-10-19 16:40:51.620Z", "2011-10-19T16:40:51.620+", "yesterday", ""}) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(tag), tag);
            assertThrows(DateTimeParseException.class, () -> ServerTime.parse(tag), tag);
        }
    }
}
