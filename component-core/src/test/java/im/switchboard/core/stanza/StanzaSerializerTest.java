package im.switchboard.core.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Message;

/** Serialization for a jabber:component:accept stream (XEP-0114); XML 1.0 escaping; THREATS X6. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StanzaSerializerTest {

    private static String xml(Element element) throws InvalidStanzaException {
        return StanzaSerializer.toXml(element, 64 * 1024, 32);
    }

    @Test
    void clientNamespaceIsWrittenAsTheStreamDefault() throws Exception {
        Element message = DocumentHelper.createElement(QName.get("message", "jabber:client"));
        message.addElement("body").setText("hi");
        assertEquals("<message><body>hi</body></message>", xml(message));
    }

    @Test
    void aForwardedStanzaKeepsTheClientNamespaceAndItsBodyDeclaresNothing() throws Exception {
        // XEP-0297 / XEP-0313 section 4.2: the archived message inside <forwarded/> is in jabber:client; the
        // server rewrites only the top-level namespace, so a nested jabber:component:accept would reach clients.
        Message message = new Message();
        Element forwarded = message.addChildElement("forwarded", "urn:xmpp:forward:0");
        Element inner = forwarded.addElement(QName.get("message", "jabber:client"));
        inner.addElement(QName.get("body", "jabber:client")).setText("hi");
        assertEquals("<message><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'><body>hi</body>"
                + "</message></forwarded></message>", xml(message.getElement()));
    }

    @Test
    void foreignNamespacesAreDeclaredOnceWhereTheyStart() throws Exception {
        Message message = new Message();
        message.setBody("x");
        Element event = message.addChildElement("event", "http://jabber.org/protocol/pubsub#event");
        event.addElement("items").addAttribute("node", "n");
        Element html = message.addChildElement("html", "http://jabber.org/protocol/xhtml-im");
        html.addElement(QName.get("body", "http://www.w3.org/1999/xhtml")).addText("<b>");
        assertEquals("<message><body>x</body><event xmlns='http://jabber.org/protocol/pubsub#event'>"
                + "<items node='n'/></event><html xmlns='http://jabber.org/protocol/xhtml-im'>"
                + "<body xmlns='http://www.w3.org/1999/xhtml'>&lt;b&gt;</body></html></message>", xml(message.getElement()));
    }

    @Test
    void prefixedNamesAndXmlLangAreDeclaredAsNeeded() throws Exception {
        Element message = DocumentHelper.createElement("message");
        message.addAttribute(QName.get("lang", "xml", "http://www.w3.org/XML/1998/namespace"), "en");
        message.addElement(QName.get("x", "foo", "urn:foo")).addAttribute(QName.get("a", "foo", "urn:foo"), "1");
        assertEquals("<message xml:lang='en'><foo:x xmlns:foo='urn:foo' foo:a='1'/></message>", xml(message));
    }

    @Test
    void attributeAndTextEscapingSurvivesAReparse() throws Exception {
        Element message = DocumentHelper.createElement("message");
        message.addAttribute("id", "a'b\"c<d>&e\tf\ng\rh");
        message.addElement("body").setText("l1\r\nl2 ]]> & ' \" \uD83C\uDF39");
        String xml = xml(message);
        assertEquals("<message id='a&apos;b\"c&lt;d&gt;&amp;e&#x9;f&#xA;g&#xD;h'><body>l1&#xD;\nl2 ]]&gt; &amp; ' \" "
                + "\uD83C\uDF39</body></message>", xml);
        byte[] stream = (StreamParserTest.HEADER + xml).getBytes(StandardCharsets.UTF_8);
        StreamParser parser = new StreamParser(StanzaLimits.DEFAULTS);
        parser.feed(stream, 0, stream.length);
        parser.poll();
        parser.poll();
        Element parsed = ((StreamEvent.TopElement) parser.poll()).element();
        assertEquals(message.attributeValue("id"), parsed.attributeValue("id"));
        assertEquals(message.elementText("body"), parsed.elementText("body"));
    }

    @Test
    void smuggledNamespaceAttributesAreRefused() throws Exception {
        Element message = DocumentHelper.createElement("message");
        message.addAttribute("xmlns", "urn:other");
        assertThrows(InvalidStanzaException.class, () -> xml(message));
        Element same = DocumentHelper.createElement("message");
        same.addAttribute("xmlns", "jabber:client");
        assertEquals("<message></message>", xml(same));
    }

    @Test
    void depthAndSizeAreBounded() {
        Element message = DocumentHelper.createElement("message");
        Element current = message;
        for (int i = 0; i < 40; i++) {
            current = current.addElement("a");
        }
        assertThrows(InvalidStanzaException.class, () -> xml(message));
        Element big = DocumentHelper.createElement("message");
        big.addElement("body").setText("x".repeat(64 * 1024));
        assertThrows(InvalidStanzaException.class, () -> xml(big));
    }
}
