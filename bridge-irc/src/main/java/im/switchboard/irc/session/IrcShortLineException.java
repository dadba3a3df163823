package im.switchboard.irc.session;

/**
 * A server line lacks what its command needs (a parameter, a source): the line is skipped (threat I7). Expected
 * from odd servers, so it is logged at DEBUG only; a malicious server cannot flood the log with it.
 */
final class IrcShortLineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    IrcShortLineException(String what) {
        super(what, null, false, false);
    }
}
