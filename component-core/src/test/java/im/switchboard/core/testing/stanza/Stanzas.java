package im.switchboard.core.testing.stanza;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dom4j.Attribute;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.xml.sax.SAXException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * Literal XML to Tinder packets and back, for tests that read like the XEP examples.
 *
 * <p>{@link #assertStanza} compares structure, not bytes: attribute order, whitespace between elements,
 * namespace prefixes and the stanza namespace ({@code jabber:client}, {@code jabber:component:accept} or none)
 * do not matter; element names, namespaces, attributes, text and child order do. An expected attribute value or
 * element text of {@code *} matches any value (for generated ids and human-readable texts).
 */
public final class Stanzas {

    private static final Set<String> STANZA_NAMESPACES = Set.of("", "jabber:client", "jabber:component:accept");

    private Stanzas() {
    }

    /** Parse one stanza ({@code <message/>}, {@code <presence/>} or {@code <iq/>}). */
    public static Packet parse(String xml) {
        Element root = parseElement(xml);
        return switch (root.getName()) {
            case "message" -> new Message(root, true);
            case "presence" -> new Presence(root, true);
            case "iq" -> new IQ(root, true);
            default -> throw new IllegalArgumentException("not a stanza: " + root.getName());
        };
    }

    /** Parse a message. */
    public static Message message(String xml) {
        return (Message) parse(xml);
    }

    /** Parse a presence. */
    public static Presence presence(String xml) {
        return (Presence) parse(xml);
    }

    /** Parse an IQ. */
    public static IQ iq(String xml) {
        return (IQ) parse(xml);
    }

    /** Parse any XML element; DOCTYPEs are refused. */
    public static Element parseElement(String xml) {
        try {
            SAXReader reader = new SAXReader();
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = reader.read(new StringReader(xml.strip()));
            Element root = document.getRootElement();
            root.detach();
            return root;
        } catch (DocumentException | SAXException e) {
            throw new IllegalArgumentException("not well-formed XML: " + xml, e);
        }
    }

    /** Whether {@code actual} has the structure of {@code expectedXml}. */
    public static boolean matches(String expectedXml, Packet actual) {
        return difference(parseElement(expectedXml), actual.getElement(), "/").isEmpty();
    }

    /** Fail with a readable message unless {@code actual} has the structure of {@code expectedXml}. */
    public static void assertStanza(String expectedXml, Packet actual) {
        if (actual == null) {
            throw new AssertionError("expected a stanza like\n" + expectedXml.strip() + "\nbut got none");
        }
        List<String> diff = difference(parseElement(expectedXml), actual.getElement(), "/");
        if (!diff.isEmpty()) {
            throw new AssertionError(String.join("; ", diff) + "\nexpected:\n" + expectedXml.strip()
                    + "\nactual:\n" + actual.toXML());
        }
    }

    private static List<String> difference(Element expected, Element actual, String path) {
        List<String> diff = new ArrayList<>();
        String here = path + expected.getName();
        if (!expected.getName().equals(actual.getName())) {
            diff.add(here + ": element " + actual.getName());
            return diff;
        }
        if (!sameNamespace(expected.getNamespaceURI(), actual.getNamespaceURI())) {
            diff.add(here + ": namespace " + actual.getNamespaceURI() + " instead of " + expected.getNamespaceURI());
        }
        Map<String, String> want = attributes(expected);
        Map<String, String> got = attributes(actual);
        for (Map.Entry<String, String> e : want.entrySet()) {
            String value = got.get(e.getKey());
            if (value == null) {
                diff.add(here + ": missing attribute " + e.getKey());
            } else if (!"*".equals(e.getValue()) && !e.getValue().equals(value)) {
                diff.add(here + "/@" + e.getKey() + ": '" + value + "' instead of '" + e.getValue() + "'");
            }
        }
        for (String name : got.keySet()) {
            if (!want.containsKey(name)) {
                diff.add(here + ": unexpected attribute " + name + "='" + got.get(name) + "'");
            }
        }
        List<Element> wantChildren = expected.elements();
        List<Element> gotChildren = actual.elements();
        if (wantChildren.isEmpty() && gotChildren.isEmpty()) {
            if (!"*".equals(expected.getTextTrim()) && !expected.getTextTrim().equals(actual.getTextTrim())) {
                diff.add(here + ": text '" + actual.getTextTrim() + "' instead of '" + expected.getTextTrim() + "'");
            }
            return diff;
        }
        if (wantChildren.size() != gotChildren.size()) {
            diff.add(here + ": " + gotChildren.size() + " children instead of " + wantChildren.size());
            return diff;
        }
        for (int i = 0; i < wantChildren.size(); i++) {
            diff.addAll(difference(wantChildren.get(i), gotChildren.get(i), here + "/"));
        }
        return diff;
    }

    private static boolean sameNamespace(String a, String b) {
        return a.equals(b) || STANZA_NAMESPACES.contains(a) && STANZA_NAMESPACES.contains(b);
    }

    private static Map<String, String> attributes(Element element) {
        Map<String, String> map = new HashMap<>();
        for (Attribute a : element.attributes()) {
            String ns = a.getNamespaceURI();
            String key = ns.isEmpty() ? a.getName() : "{" + ns + "}" + a.getName();
            map.put(key, a.getValue());
        }
        return map;
    }
}
