package im.switchboard.core.link;

/** Why a connection attempt or a running link failed; the message is written for the operator. */
final class LinkFailure extends Exception {

    /** What went wrong, which decides how long to wait before the next attempt (THREATS X3). */
    enum Kind {
        NOT_AUTHORIZED(true),
        HOST_UNKNOWN(true),
        CONFLICT(true),
        REFUSED(false),
        UNRESOLVED(false),
        TIMEOUT(false),
        TLS(false),
        PLAINTEXT_REFUSED(true),
        PROTOCOL(false),
        STREAM_ERROR(false),
        IO(false);

        private final boolean configuration;

        Kind(boolean configuration) {
            this.configuration = configuration;
        }

        /** A configuration problem (or another instance): retry only at the maximum backoff, no hot loop. */
        boolean configuration() {
            return configuration;
        }
    }

    private final Kind kind;

    LinkFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    LinkFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
