package im.switchboard.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A XEP-0059 result set request, as the core received it.
 *
 * @param max   how many items at most
 * @param after the {@code <after/>} cursor: items after the one with this key
 * @param index the {@code <index/>}: skip this many items
 */
public record PageRequest(int max, Optional<String> after, int index) {

    public PageRequest {
        Objects.requireNonNull(after, "after");
        if (max < 0 || index < 0) {
            throw new IllegalArgumentException("max and index must not be negative");
        }
    }
}
