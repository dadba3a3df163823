package im.switchboard.irc.message;

/** A message that cannot be written as one IRC line without changing its meaning. Nothing was written. */
public final class IrcWriteException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public IrcWriteException(String message) {
        super(message);
    }
}
