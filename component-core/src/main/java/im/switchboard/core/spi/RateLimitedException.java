package im.switchboard.core.spi;

/** Too much, too fast: a local or remote rate limit refused the operation. */
public final class RateLimitedException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public RateLimitedException(String message) {
        super(message);
    }

    public RateLimitedException(String message, Throwable cause) {
        super(message, cause);
    }
}
