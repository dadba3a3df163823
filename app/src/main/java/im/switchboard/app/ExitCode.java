package im.switchboard.app;

/** The process exit codes of {@code bin/switchboard}, documented in {@code docs/operations.md}. */
enum ExitCode {
    /** Normal end, including a graceful shutdown on SIGTERM or SIGINT. */
    OK(0),
    /** An unexpected internal error. */
    INTERNAL_ERROR(1),
    /** Wrong command line. */
    USAGE(2),
    /** The configuration file is missing, unreadable or invalid; every problem was printed. */
    INVALID_CONFIGURATION(3),
    /** A component was refused by the XMPP server at start-up: wrong secret, unknown domain, another instance. */
    CANNOT_ATTACH(4),
    /** A bridge could not start its shared resources. */
    BRIDGE_FAILED(5),
    /** The XMPP server could not be reached at start-up (not running yet, timeout): starting again later may work. */
    SERVER_UNREACHABLE(6),
    /** The credential store cannot be opened: wrong or missing master key, damaged file. Nothing was changed. */
    STORE_UNAVAILABLE(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
