package im.switchboard.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * One XEP-0059 page of items.
 *
 * @param items      the items of this page, in order
 * @param firstIndex the index of the first item in the whole set
 * @param total      how many items the whole set holds
 * @param <T>        the item type
 */
public record Page<T>(List<T> items, int firstIndex, int total) {

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }
}
