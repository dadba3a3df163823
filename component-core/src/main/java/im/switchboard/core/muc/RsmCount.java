package im.switchboard.core.muc;

/** The count fields of XEP-0059 ({@code <max/>}, {@code <index/>}): a non-negative integer. */
final class RsmCount {

    private RsmCount() {
    }

    /**
     * {@code text} as a count, or {@code fallback} when it is absent or blank.
     *
     * @throws NumberFormatException when it is not a non-negative integer
     */
    static int parse(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        int n = Integer.parseInt(text.strip());
        if (n < 0) {
            throw new NumberFormatException("negative: " + n);
        }
        return n;
    }
}
