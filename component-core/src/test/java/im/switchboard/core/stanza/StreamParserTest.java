package im.switchboard.core.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Inbound stream parsing: RFC 6120 sections 4 and 11 restricted XML; THREATS X5. No sockets. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamParserTest {

    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns='jabber:component:accept' from='irc.montague.lit' id='3BF96D32'><handshake/>";
    private static final StanzaLimits SMALL = new StanzaLimits(64 * 1024, 32, 16 * 1024, 1024, 64 * 1024);

    private static List<StreamEvent> parse(byte[] bytes, int chunk, StanzaLimits limits) {
        StreamParser parser = new StreamParser(limits);
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            parser.feed(bytes, i, Math.min(chunk, bytes.length - i));
            StreamEvent event;
            while ((event = parser.poll()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    private static List<StreamEvent> parse(String xml) {
        return parse(xml.getBytes(StandardCharsets.UTF_8), 4096, SMALL);
    }

    private static StreamViolationException violation(List<StreamEvent> events) {
        StreamEvent last = events.get(events.size() - 1);
        return assertInstanceOf(StreamEvent.Violation.class, last, events.toString()).violation();
    }

    @Test
    void stanzasArriveInOrderWhateverTheChunking() {
        String xml = HEADER + "<message from='juliet@capulet.lit/balcony' to='romeo%irc.libera.chat@irc.montague.lit'"
                + " type='chat' id='1'><body>Wherefore art thou &amp; &#x1F339; \u65e5</body></message> \n"
                + "<presence from='juliet@capulet.lit/balcony' to='irc.montague.lit'/>"
                + "<iq type='get' id='p1' from='capulet.lit' to='irc.montague.lit'><ping xmlns='urn:xmpp:ping'/></iq>"
                + "</stream:stream>";
        for (int chunk : new int[] {1, 2, 3, 7, 100, 100_000}) {
            List<StreamEvent> events = parse(xml.getBytes(StandardCharsets.UTF_8), chunk, SMALL);
            assertEquals(6, events.size(), "chunk " + chunk + ": " + events);
            assertEquals("3BF96D32", assertInstanceOf(StreamEvent.StreamOpened.class, events.get(0)).id());
            Element message = ((StreamEvent.TopElement) events.get(2)).element();
            assertEquals("message", message.getName());
            assertEquals("", message.getNamespaceURI());
            assertEquals("Wherefore art thou & \uD83C\uDF39 \u65e5", message.elementText("body"));
            assertEquals("presence", ((StreamEvent.TopElement) events.get(3)).element().getName());
            Element iq = ((StreamEvent.TopElement) events.get(4)).element();
            assertEquals("urn:xmpp:ping", iq.elements().get(0).getNamespaceURI());
            assertInstanceOf(StreamEvent.StreamClosed.class, events.get(5));
        }
    }

    @Test
    void doctypeIsRestrictedXml() {
        String billionLaughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:component:accept'"
                + " id='x'><message><body>&lol3;</body></message>";
        assertEquals(StreamErrorCondition.RESTRICTED_XML, violation(parse(billionLaughs)).condition());
        String external = "<?xml version='1.0'?><!DOCTYPE s SYSTEM 'http://127.0.0.1:9/evil.dtd'>"
                + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' id='x'>";
        assertEquals(StreamErrorCondition.RESTRICTED_XML, violation(parse(external)).condition());
    }

    @Test
    void commentsProcessingInstructionsAndEntitiesAreRestrictedXml() {
        assertEquals(StreamErrorCondition.RESTRICTED_XML,
                violation(parse(HEADER + "<!-- hello -->")).condition());
        assertEquals(StreamErrorCondition.RESTRICTED_XML,
                violation(parse(HEADER + "<message><?php evil()?></message>")).condition());
        assertEquals(StreamErrorCondition.RESTRICTED_XML,
                violation(parse(HEADER + "<message><body>&ext;</body></message>")).condition());
        assertEquals(StreamErrorCondition.RESTRICTED_XML,
                violation(parse(HEADER + "<message id='&ext;'/>")).condition());
    }

    @Test
    void deepNestingIsAPolicyViolation() {
        String deep = HEADER + "<message>" + "<a>".repeat(100_000);
        List<StreamEvent> events = parse(deep);
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, violation(events).condition());
    }

    @Test
    void oversizedStanzaIsAPolicyViolationWithoutBufferingIt() {
        StreamParser parser = new StreamParser(SMALL);
        byte[] header = (HEADER + "<message><body>").getBytes(StandardCharsets.UTF_8);
        parser.feed(header, 0, header.length);
        byte[] chunk = "0123456789".repeat(800).getBytes(StandardCharsets.UTF_8);
        int fed = 0;
        while (!parser.finished() && fed < 10_000_000) {
            parser.feed(chunk, 0, chunk.length);
            fed += chunk.length;
        }
        // Stopped after about the limit, not after ten megabytes.
        assertEquals(true, fed <= SMALL.maxInboundStanzaBytes() + chunk.length, "fed " + fed);
        StreamEvent event;
        StreamEvent last = null;
        while ((event = parser.poll()) != null) {
            last = event;
        }
        assertEquals(StreamErrorCondition.POLICY_VIOLATION,
                assertInstanceOf(StreamEvent.Violation.class, last).violation().condition());
    }

    @Test
    void oversizedStartTagIsCaughtToo() {
        String huge = HEADER + "<message a='" + "x".repeat(200_000);
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, violation(parse(huge)).condition());
    }

    @Test
    void longTextAndAttributesArePolicyViolations() {
        StanzaLimits roomy = new StanzaLimits(1024 * 1024, 32, 100, 10, 64 * 1024);
        byte[] text = (HEADER + "<message><body>" + "x".repeat(101) + "</body></message>")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, violation(parse(text, 7, roomy)).condition());
        byte[] attribute = (HEADER + "<message id='" + "x".repeat(11) + "'/>").getBytes(StandardCharsets.UTF_8);
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, violation(parse(attribute, 4096, roomy)).condition());
    }

    @Test
    void invalidUtf8IsNotWellFormed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((HEADER + "<message><body>").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
        bytes.writeBytes("</body></message>".getBytes(StandardCharsets.UTF_8));
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED,
                violation(parse(bytes.toByteArray(), 4096, SMALL)).condition());
    }

    @Test
    void illegalCharactersAreNotWellFormed() {
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED,
                violation(parse(HEADER + "<message><body>&#0;</body></message>")).condition());
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED,
                violation(parse(HEADER + "<message><body>\u0001</body></message>")).condition());
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED,
                violation(parse(HEADER + "<message><body></message>")).condition());
    }

    @Test
    void secondStreamHeaderIsAnError() {
        String again = HEADER + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' id='y'>";
        assertEquals(StreamErrorCondition.BAD_FORMAT, violation(parse(again)).condition());
        String declaration = HEADER + "<?xml version='1.0'?><stream:stream>";
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, violation(parse(declaration)).condition());
    }

    @Test
    void stanzasBeforeAViolationAreStillDelivered() {
        List<StreamEvent> events = parse(HEADER + "<message id='ok'/><!-- no -->");
        assertEquals("ok", ((StreamEvent.TopElement) events.get(2)).element().attributeValue("id"));
        assertInstanceOf(StreamEvent.Violation.class, events.get(3));
    }

    @Test
    void whitespaceKeepalivesBetweenStanzasAreFineForever() {
        StreamParser parser = new StreamParser(SMALL);
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        parser.feed(header, 0, header.length);
        byte[] space = " \n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        // Far more whitespace than the stanza limit, over a long idle time (RFC 6120 section 4.6.1).
        for (int i = 0; i < 100; i++) {
            parser.feed(space, 0, space.length);
        }
        byte[] message = "<message id='late'/>".getBytes(StandardCharsets.UTF_8);
        parser.feed(message, 0, message.length);
        assertInstanceOf(StreamEvent.StreamOpened.class, parser.poll());
        assertInstanceOf(StreamEvent.TopElement.class, parser.poll());
        assertEquals("late", ((StreamEvent.TopElement) parser.poll()).element().attributeValue("id"));
    }

    @Test
    void textBetweenStanzasIsABadFormat() {
        assertEquals(StreamErrorCondition.BAD_FORMAT, violation(parse(HEADER + "hello")).condition());
    }

    @Test
    void onlyUtf8IsAccepted() {
        String latin = "<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream"
                + " xmlns:stream='http://etherx.jabber.org/streams' id='x'>";
        // RFC 6120 section 11.6.
        assertEquals(StreamErrorCondition.UNSUPPORTED_ENCODING, violation(parse(latin)).condition());
    }

    @Test
    void wrongRootIsRefused() {
        assertEquals(StreamErrorCondition.INVALID_NAMESPACE,
                violation(parse("<stream:stream xmlns:stream='urn:wrong' id='x'>")).condition());
        assertEquals(StreamErrorCondition.BAD_FORMAT, violation(parse("<html>")).condition());
    }

    @Test
    void nothingIsReportedAfterTheEnd() {
        StreamParser parser = new StreamParser(SMALL);
        byte[] bytes = (HEADER + "<!-- x -->").getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        while (parser.poll() != null) {
            // drain
        }
        parser.feed(bytes, 0, bytes.length);
        assertNull(parser.poll());
    }
}
