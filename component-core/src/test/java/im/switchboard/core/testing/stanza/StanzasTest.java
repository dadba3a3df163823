package im.switchboard.core.testing.stanza;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/** The comparison ignores only noise: attribute order, whitespace, prefixes, the stanza namespace. */
@Timeout(10)
class StanzasTest {

    private static final Packet ACTUAL = Stanzas.parse("""
            <message xmlns='jabber:component:accept' to='romeo@montague.lit' from='juliet@capulet.lit' type='chat'>
              <body>Art thou not Romeo?</body>
              <x:active xmlns:x='http://jabber.org/protocol/chatstates'/>
            </message>""");

    @Test
    void parsesEachStanzaKind() {
        assertInstanceOf(Message.class, ACTUAL);
        assertInstanceOf(IQ.class, Stanzas.parse("<iq type='get' id='1'/>"));
        assertThrows(IllegalArgumentException.class, () -> Stanzas.parse("<stream/>"));
        assertThrows(IllegalArgumentException.class,
                () -> Stanzas.parse("<!DOCTYPE x [<!ENTITY a 'b'>]><message>&a;</message>"));
    }

    @Test
    void noiseDoesNotMatter() {
        assertTrue(Stanzas.matches("""
                <message type='chat' from='juliet@capulet.lit' to='romeo@montague.lit'>
                  <body>Art thou not Romeo?</body>
                  <active xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""", ACTUAL));
    }

    @Test
    void contentMatters() {
        assertFalse(Stanzas.matches("""
                <message type='chat' from='juliet@capulet.lit' to='romeo@montague.lit'>
                  <body>Art thou not Montague?</body>
                  <active xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""", ACTUAL));
        assertFalse(Stanzas.matches("""
                <message type='chat' from='juliet@capulet.lit' to='romeo@montague.lit'>
                  <body>Art thou not Romeo?</body>
                  <active xmlns='urn:example:other'/>
                </message>""", ACTUAL));
        assertFalse(Stanzas.matches("""
                <message type='chat' from='juliet@capulet.lit'>
                  <body>Art thou not Romeo?</body>
                  <active xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""", ACTUAL), "an unexpected attribute is a difference");
        assertFalse(Stanzas.matches("""
                <message type='chat' from='juliet@capulet.lit' to='romeo@montague.lit'>
                  <body>Art thou not Romeo?</body>
                </message>""", ACTUAL), "a missing child is a difference");
    }

    @Test
    void aStarMatchesAnyValue() {
        assertTrue(Stanzas.matches("""
                <message type='*' from='juliet@capulet.lit' to='romeo@montague.lit'>
                  <body>*</body>
                  <active xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""", ACTUAL));
    }
}
