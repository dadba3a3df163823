package im.switchboard.core.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Presence;

/** Outbound validation: THREATS X1 (from), X6 (characters), X7 (size); XEP-0114 section 3. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OutboundValidatorTest {

    private static final String DOMAIN = "irc.montague.lit";
    private final OutboundValidator validator = new OutboundValidator(DOMAIN, StanzaLimits.DEFAULTS);

    private static Message message(String from, String body) {
        Message message = new Message();
        message.getElement().addAttribute("from", from);
        message.getElement().addAttribute("to", "juliet@capulet.lit/balcony");
        message.setType(Message.Type.chat);
        message.setID("m1");
        message.setBody(body);
        return message;
    }

    @Test
    void stanzaFromTheComponentDomainOrAJidOnItIsAccepted() throws Exception {
        ValidStanza stanza = validator.validate(message("romeo%irc.libera.chat@irc.montague.lit/laptop", "Hi & <bye>"));
        assertEquals(StanzaKind.MESSAGE, stanza.kind());
        assertTrue(stanza.stampable());
        assertEquals("<message from='romeo%irc.libera.chat@irc.montague.lit/laptop' to='juliet@capulet.lit/balcony'"
                + " type='chat' id='m1'><body>Hi &amp; &lt;bye&gt;</body></message>",
                new String(stanza.xml(), StandardCharsets.UTF_8));
        assertEquals(StanzaKind.MESSAGE, validator.validate(message(DOMAIN, "x")).kind());
    }

    @Test
    void fromDomainInAnotherCaseIsRejectedAsTheServerWould() {
        // Prosody compares the 'from' domain with the component's byte for byte and closes the whole stream on a
        // mismatch (THREATS X1), so the validator does not fold case either.
        assertThrows(InvalidStanzaException.class, () -> validator.validate(message("IRC.Montague.LIT", "x")));
    }

    @Test
    void foreignFromIsRejected() {
        InvalidStanzaException e = assertThrows(InvalidStanzaException.class,
                () -> validator.validate(message("romeo@montague.lit", "x")));
        assertTrue(e.getMessage().contains("montague.lit"), e.getMessage());
    }

    @Test
    void lookalikeDomainIsRejected() {
        assertThrows(InvalidStanzaException.class,
                () -> validator.validate(message("romeo@irc.montague.lit.evil.test", "x")));
        assertThrows(InvalidStanzaException.class,
                () -> validator.validate(message("romeo@fake.irc.montague.lit", "x")));
        OutboundValidator other = new OutboundValidator("fake.example.org", StanzaLimits.DEFAULTS);
        assertThrows(InvalidStanzaException.class,
                () -> other.validate(message("user@fake.example.org.evil.test", "x")));
        assertThrows(InvalidStanzaException.class,
                () -> other.validate(message("fake.example.org.evil.test", "x")));
        // A local part that looks like the domain does not make the JID ours.
        assertThrows(InvalidStanzaException.class,
                () -> other.validate(message("fake.example.org@evil.test/fake.example.org", "x")));
    }

    @Test
    void missingFromOrToIsRejected() {
        Presence presence = new Presence();
        presence.getElement().addAttribute("to", "juliet@capulet.lit");
        assertThrows(InvalidStanzaException.class, () -> validator.validate(presence));
        Message noTo = new Message();
        noTo.getElement().addAttribute("from", DOMAIN);
        assertThrows(InvalidStanzaException.class, () -> validator.validate(noTo));
    }

    @Test
    void illegalCharactersAreRejected() {
        assertThrows(InvalidStanzaException.class, () -> validator.validate(message(DOMAIN, "bell \u0007")));
        assertThrows(InvalidStanzaException.class, () -> validator.validate(message(DOMAIN, "lone \uD800")));
        assertThrows(InvalidStanzaException.class, () -> validator.validate(message(DOMAIN, "\uFFFE")));
        Message attribute = message(DOMAIN, "ok");
        attribute.setID("id\u0000");
        assertThrows(InvalidStanzaException.class, () -> validator.validate(attribute));
    }

    @Test
    void oversizedStanzaIsRejected() throws Exception {
        int limit = StanzaLimits.DEFAULT_MAX_OUTBOUND_BYTES;
        assertThrows(InvalidStanzaException.class, () -> validator.validate(message(DOMAIN, "x".repeat(limit))));
        // Multi-byte characters count as bytes, not chars.
        assertThrows(InvalidStanzaException.class,
                () -> validator.validate(message(DOMAIN, "\u65e5".repeat(limit / 3 + 1))));
        // A message leaves room for the delay stamp; the result, with it, stays under the limit.
        byte[] xml = validator.validate(message(DOMAIN, "x".repeat(limit - 400))).xml();
        assertTrue(xml.length + DelayStamp.length(DOMAIN) <= limit);
    }

    @Test
    void iqResponsesAreRecognised() throws Exception {
        IQ result = new IQ(IQ.Type.result, "q1");
        result.getElement().addAttribute("from", DOMAIN);
        result.getElement().addAttribute("to", "juliet@capulet.lit/balcony");
        assertEquals(StanzaKind.IQ_RESPONSE, validator.validate(result).kind());
        IQ get = new IQ(IQ.Type.get, "q2");
        get.getElement().addAttribute("from", DOMAIN);
        get.getElement().addAttribute("to", "juliet@capulet.lit/balcony");
        get.setChildElement("query", "jabber:iq:version");
        ValidStanza stanza = validator.validate(get);
        assertEquals(StanzaKind.IQ_REQUEST, stanza.kind());
        assertEquals("<iq type='get' id='q2' from='irc.montague.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:version'/></iq>", new String(stanza.xml(), StandardCharsets.UTF_8));
    }
}
