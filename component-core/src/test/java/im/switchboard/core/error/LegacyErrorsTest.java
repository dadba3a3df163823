package im.switchboard.core.error;

import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.ForbiddenException;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.RecipientUnavailableException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.core.spi.UnsupportedException;
import im.switchboard.core.testing.stanza.Stanzas;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;

/** The one mapping from legacy failures to RFC 6120 section 8.3.3 conditions, and error replies (8.3.1). */
@Timeout(10)
class LegacyErrorsTest {

    private record Case(LegacyException failure, Condition condition, Type type) {
    }

    private static final List<Case> CASES = List.of(
            new Case(new NotConnectedException("not logged in"), Condition.remote_server_timeout, Type.wait),
            new Case(new RecipientUnavailableException("juliet is away"), Condition.recipient_unavailable,
                    Type.wait),
            new Case(new InvalidAddressException("bad name"), Condition.jid_malformed, Type.modify),
            new Case(new AuthenticationFailedException("wrong password"), Condition.not_authorized, Type.auth),
            new Case(new UnsupportedException("no such thing"), Condition.feature_not_implemented, Type.cancel),
            new Case(new RateLimitedException("slow down"), Condition.resource_constraint, Type.wait),
            new Case(new TransientFailureException("server restarting"), Condition.internal_server_error,
                    Type.wait),
            new Case(new ForbiddenException("not a channel operator"), Condition.forbidden, Type.auth));

    @Test
    void everySubtypeIsMappedWithItsText() {
        for (Case c : CASES) {
            StanzaError error = LegacyErrors.of(c.failure());
            assertEquals(c.condition(), error.condition(), c.failure().getClass().getSimpleName());
            assertEquals(c.type(), error.type(), c.failure().getClass().getSimpleName());
            assertEquals(c.failure().getMessage(), error.text());
        }
    }

    @Test
    void theCasesCoverEveryPermittedSubclass() {
        Set<Class<?>> permitted = Arrays.stream(LegacyException.class.getPermittedSubclasses())
                .collect(Collectors.toSet());
        Set<Class<?>> tested = CASES.stream().map(c -> c.failure().getClass()).collect(Collectors.toSet());
        assertEquals(permitted, tested);
    }

    @Test
    void illegalCharactersInTheTextAreRemoved() {
        // THREATS X6: exception texts may carry legacy bytes.
        assertEquals("bad nick", LegacyErrors.of(new InvalidAddressException("bad\u0001 nick\uFFFE")).text());
    }

    @Test
    void errorReplySwapsAddressesKeepsIdAndPayload() {
        var message = Stanzas.message("""
                <message type='chat' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit' id='m1'>
                  <body>Wherefore art thou?</body>
                </message>""");
        assertStanza("""
                <message type='error' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='m1'>
                  <body>Wherefore art thou?</body>
                  <error type='wait'>
                    <recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>juliet is away</text>
                  </error>
                </message>""", ErrorReplies.replyTo(message,
                LegacyErrors.of(new RecipientUnavailableException("juliet is away"))));
    }

    @Test
    void errorsAndResultsAreNeverAnswered() {
        // RFC 6120 section 8.3.1 and 8.2.3.
        var error = Stanzas.message("<message type='error' from='romeo@montague.lit' to='x@fake.shakespeare.lit'/>");
        var result = Stanzas.iq("<iq type='result' from='romeo@montague.lit' to='fake.shakespeare.lit' id='1'/>");
        assertFalse(ErrorReplies.mayAnswer(error));
        assertFalse(ErrorReplies.mayAnswer(result));
        assertThrows(IllegalArgumentException.class,
                () -> ErrorReplies.replyTo(error, StanzaError.of(Condition.bad_request)));
    }
}
