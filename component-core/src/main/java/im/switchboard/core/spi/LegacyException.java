package im.switchboard.core.spi;

/**
 * Why a legacy operation failed. Sealed so that the core's mapping to XMPP stanza errors is one exhaustive
 * switch. The message is shown to the user as the error text: write it for a person, never include a secret.
 */
public abstract sealed class LegacyException extends Exception
        permits NotConnectedException, RecipientUnavailableException, InvalidAddressException,
        AuthenticationFailedException, UnsupportedException, RateLimitedException, TransientFailureException,
        ForbiddenException {

    private static final long serialVersionUID = 1L;

    protected LegacyException(String message) {
        super(message);
    }

    protected LegacyException(String message, Throwable cause) {
        super(message, cause);
    }
}
