package im.switchboard.core.spi;

/**
 * The network refused the operation because the user lacks the rights for it (for example an IRC server's
 * ERR_CHANOPRIVSNEEDED to someone who is not a channel operator). The core answers {@code forbidden}
 * (RFC 6120 section 8.3.3.4; XEP-0045 uses it for requests above the requester's affiliation or role).
 */
public final class ForbiddenException extends LegacyException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }
}
