package im.switchboard.core.error;

import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.ForbiddenException;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.RecipientUnavailableException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.core.spi.UnsupportedException;
import im.switchboard.core.stanza.XmlChars;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;

/**
 * The one place where a legacy failure becomes an XMPP stanza error. The switch is exhaustive over the sealed
 * family: a new subtype does not compile until it is mapped here.
 *
 * <p>The choices, with RFC 6120 section 8.3.3 and XEP-0100:
 * <ul>
 * <li>{@link NotConnectedException} -> {@code remote-server-timeout}, {@code wait}: the legacy service cannot be
 *     reached for this user now (8.3.3.17); XEP-0100 section 4.4 uses this condition when the legacy service is
 *     down. {@code wait} tells the sender it may retry once the gateway is connected; the gateway itself never
 *     resends (THREATS X9).</li>
 * <li>{@link RecipientUnavailableException} -> {@code recipient-unavailable}, {@code wait} (8.3.3.13): the
 *     legacy network already told us the contact cannot receive now, so nothing is disclosed.</li>
 * <li>{@link InvalidAddressException} -> {@code jid-malformed}, {@code modify} (8.3.3.8): the local part names
 *     no legacy entity; the sender must change the address.</li>
 * <li>{@link AuthenticationFailedException} -> {@code not-authorized}, {@code auth} (8.3.3.11; XEP-0100 section
 *     4.4.2 "not-authorized if password is bad").</li>
 * <li>{@link UnsupportedException} -> {@code feature-not-implemented}, {@code cancel} (8.3.3.3).</li>
 * <li>{@link RateLimitedException} -> {@code resource-constraint}, {@code wait} (8.3.3.18): the request is fine
 *     and may be retried later; {@code policy-violation} would blame the content.</li>
 * <li>{@link TransientFailureException} -> {@code internal-server-error}, {@code wait} (8.3.3.6 with type
 *     {@code wait}): something on the way failed for now; it is kept apart from {@code remote-server-timeout}
 *     so that the user can tell "not logged in" from "this one send failed".</li>
 * <li>{@link ForbiddenException} -> {@code forbidden}, {@code auth} (8.3.3.4): the network refused because the
 *     user lacks the rights (XEP-0045 uses {@code forbidden} for requests above one's affiliation or role).</li>
 * </ul>
 * The exception's message becomes the error {@code <text/>} (illegal XML characters removed).
 */
public final class LegacyErrors {

    private LegacyErrors() {
    }

    /** The condition and type for a legacy failure. */
    public static StanzaError of(LegacyException failure) {
        return switch (failure) {
            case NotConnectedException e -> error(Condition.remote_server_timeout, Type.wait, e);
            case RecipientUnavailableException e -> error(Condition.recipient_unavailable, Type.wait, e);
            case InvalidAddressException e -> error(Condition.jid_malformed, Type.modify, e);
            case AuthenticationFailedException e -> error(Condition.not_authorized, Type.auth, e);
            case UnsupportedException e -> error(Condition.feature_not_implemented, Type.cancel, e);
            case RateLimitedException e -> error(Condition.resource_constraint, Type.wait, e);
            case TransientFailureException e -> error(Condition.internal_server_error, Type.wait, e);
            case ForbiddenException e -> error(Condition.forbidden, Type.auth, e);
        };
    }

    /** The Tinder error element for a legacy failure. */
    public static PacketError toPacketError(LegacyException failure) {
        return of(failure).toPacketError();
    }

    private static StanzaError error(Condition condition, Type type, LegacyException e) {
        String text = e.getMessage() == null ? "" : XmlChars.strip(e.getMessage());
        return new StanzaError(condition, type, text);
    }
}
