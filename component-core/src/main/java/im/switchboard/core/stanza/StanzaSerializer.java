package im.switchboard.core.stanza;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;

/**
 * Writes a dom4j stanza as UTF-8 bytes for a component stream, checking it on the way (THREATS X1, X6, X7).
 *
 * <p>Every character of every name, attribute value and text node must be legal XML 1.0 (XML 1.0 section
 * 2.2, {@link XmlChars}); the output may not exceed a byte limit. A violation throws
 * {@link InvalidStanzaException} and nothing is written, because one bad stanza makes Prosody or ejabberd
 * close the whole component stream.
 *
 * <p>Namespaces: the stanza is written inside a stream whose default namespace is
 * {@code jabber:component:accept} (XEP-0114 section 3). Elements in no namespace, {@code jabber:client},
 * {@code jabber:server} or {@code jabber:component:accept} are written in that default namespace without a
 * declaration, the way Tinder builds packets; a {@code jabber:client} element below an element of another
 * namespace (a forwarded stanza, XEP-0297) is declared as {@code jabber:client}. An element in no namespace
 * inherits its parent's default namespace. Other namespaces are declared where they first appear.
 *
 * <p>The top-level element is always written with an end tag ({@code <message ...>...</message>}, never
 * {@code <message/>}) so that a delay can be spliced in before the end tag (see {@link DelayStamp}).
 * Comments and processing instructions in the tree are not written (RFC 6120 section 11.1).
 *
 * <p>Stateless and thread-safe; one output buffer is allocated per call.
 */
public final class StanzaSerializer {

    /** The content namespace of the component stream (XEP-0114). */
    public static final String COMPONENT_NAMESPACE = "jabber:component:accept";

    private StanzaSerializer() {
    }

    /** {@code element} as UTF-8 bytes, at most {@code maxBytes} long, nested at most {@code maxDepth} deep. */
    public static byte[] serialize(Element element, int maxBytes, int maxDepth) throws InvalidStanzaException {
        Writer writer = new Writer(maxBytes, maxDepth);
        writer.element(element, 1);
        return writer.toBytes();
    }

    /** {@code element} as a String, for tests and logs; same rules as {@link #serialize}. */
    public static String toXml(Element element, int maxBytes, int maxDepth) throws InvalidStanzaException {
        return new String(serialize(element, maxBytes, maxDepth), StandardCharsets.UTF_8);
    }

    private static boolean isContentNamespace(String uri) {
        return uri.equals(COMPONENT_NAMESPACE) || uri.equals("jabber:client") || uri.equals("jabber:server");
    }

    /** One serialization: a growable UTF-8 buffer plus the in-scope namespace declarations. */
    private static final class Writer {
        private final int maxBytes;
        private final int maxDepth;
        private byte[] buf = new byte[256];
        private int len;
        private String[] prefixes = new String[8];
        private String[] uris = new String[8];
        private int scope;

        Writer(int maxBytes, int maxDepth) {
            this.maxBytes = maxBytes;
            this.maxDepth = maxDepth;
            push("", COMPONENT_NAMESPACE);
        }

        byte[] toBytes() throws InvalidStanzaException {
            if (len > maxBytes) {
                throw new InvalidStanzaException("stanza larger than " + maxBytes + " bytes");
            }
            return Arrays.copyOf(buf, len);
        }

        void element(Element element, int depth) throws InvalidStanzaException {
            if (depth > maxDepth) {
                throw new InvalidStanzaException("elements nested deeper than " + maxDepth);
            }
            int mark = scope;
            Namespace ns = element.getNamespace();
            String prefix = ns.getPrefix();
            String uri = ns.getURI();
            String name = element.getName();
            checkName(name);
            ascii('<');
            if (!prefix.isEmpty()) {
                checkName(prefix);
                raw(prefix);
                ascii(':');
            }
            raw(name);
            if (prefix.isEmpty()) {
                if (!uri.isEmpty()) {
                    String wanted = isContentNamespace(uri) ? contentNamespace(uri) : uri;
                    if (!wanted.equals(lookup(""))) {
                        declare("", wanted);
                    }
                }
            } else if (!uri.equals(lookup(prefix))) {
                declare(prefix, uri);
            }
            int nodes = element.nodeCount();
            for (int i = 0; i < nodes; i++) {
                // Additional declarations (prefixes used in attribute values or text).
                if (element.node(i) instanceof Namespace extra && !extra.getPrefix().isEmpty()
                        && !extra.getURI().equals(lookup(extra.getPrefix()))) {
                    declare(extra.getPrefix(), extra.getURI());
                }
            }
            int attributes = element.attributeCount();
            for (int i = 0; i < attributes; i++) {
                attribute(element.attribute(i));
            }
            boolean hasContent = false;
            for (int i = 0; i < nodes; i++) {
                Node node = element.node(i);
                switch (node.getNodeType()) {
                    case Node.ELEMENT_NODE -> {
                        hasContent = openTag(hasContent);
                        element((Element) node, depth + 1);
                    }
                    case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                        String value = node.getText();
                        if (value != null && !value.isEmpty()) {
                            hasContent = openTag(hasContent);
                            text(value, false);
                        }
                    }
                    case Node.ENTITY_REFERENCE_NODE ->
                            throw new InvalidStanzaException("entity reference in the stanza");
                    default -> {
                        // Namespace nodes were declared above; comments and PIs are restricted XML.
                    }
                }
            }
            if (!hasContent && depth > 1) {
                ascii('/');
                ascii('>');
            } else {
                openTag(hasContent);
                ascii('<');
                ascii('/');
                if (!prefix.isEmpty()) {
                    raw(prefix);
                    ascii(':');
                }
                raw(name);
                ascii('>');
            }
            scope = mark;
        }

        private boolean openTag(boolean alreadyOpen) throws InvalidStanzaException {
            if (!alreadyOpen) {
                ascii('>');
            }
            return true;
        }

        private void attribute(Attribute attribute) throws InvalidStanzaException {
            String value = attribute.getValue();
            if (value == null) {
                return;
            }
            Namespace ns = attribute.getNamespace();
            String prefix = ns.getPrefix();
            String name = attribute.getName();
            checkName(name);
            if (prefix.equals("xmlns") || prefix.isEmpty() && name.equals("xmlns")) {
                // A declaration smuggled in as an attribute: harmless only if it repeats what is in scope;
                // otherwise it would duplicate or contradict our declaration and break the stream.
                String declared = lookup(prefix.isEmpty() ? "" : name);
                if (value.equals(declared) || prefix.isEmpty() && isContentNamespace(value)
                        && COMPONENT_NAMESPACE.equals(declared)) {
                    return;
                }
                throw new InvalidStanzaException("namespace declaration written as attribute '" + name + "'");
            }
            ascii(' ');
            if (!prefix.isEmpty()) {
                checkName(prefix);
                if (!prefix.equals("xml") && !ns.getURI().equals(lookup(prefix))) {
                    declare(prefix, ns.getURI());
                    ascii(' ');
                }
                raw(prefix);
                ascii(':');
            }
            raw(name);
            ascii('=');
            ascii('\'');
            text(value, true);
            ascii('\'');
        }

        private void declare(String prefix, String uri) throws InvalidStanzaException {
            ascii(' ');
            raw("xmlns");
            if (!prefix.isEmpty()) {
                ascii(':');
                raw(prefix);
            }
            ascii('=');
            ascii('\'');
            text(uri, true);
            ascii('\'');
            push(prefix, uri);
        }

        private void push(String prefix, String uri) {
            if (scope == prefixes.length) {
                prefixes = Arrays.copyOf(prefixes, scope * 2);
                uris = Arrays.copyOf(uris, scope * 2);
            }
            prefixes[scope] = prefix;
            uris[scope] = uri;
            scope++;
        }

        /**
         * The namespace a content element ({@code jabber:client} and its kin) is written in: the in-scope one where
         * that is a content namespace already (the stanza itself, its body), so nothing is declared. Below an
         * element of another namespace, a stanza that was forwarded (XEP-0297, as XEP-0313 results carry archived
         * messages) keeps {@code jabber:client}: the server rewrites only the top-level stanza's namespace, so a
         * nested {@code jabber:component:accept} would reach the client as it is.
         */
        private String contentNamespace(String uri) {
            String inScope = lookup("");
            if (inScope != null && isContentNamespace(inScope)) {
                return inScope;
            }
            return "jabber:client".equals(uri) ? uri : COMPONENT_NAMESPACE;
        }

        private String lookup(String prefix) {
            for (int i = scope - 1; i >= 0; i--) {
                if (prefixes[i].equals(prefix)) {
                    return uris[i];
                }
            }
            return null;
        }

        /** XML names here come from code, not users; still refuse anything that would break the markup. */
        private void checkName(String name) throws InvalidStanzaException {
            if (name == null || name.isEmpty()) {
                throw new InvalidStanzaException("empty element or attribute name");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '-' || c == '_' || c == '.' || c >= 0x80 && c != 0xFFFE && c != 0xFFFF;
                if (!ok || i == 0 && (c == '-' || c == '.' || c >= '0' && c <= '9')) {
                    throw new InvalidStanzaException("illegal XML name '" + XmlChars.strip(name) + "'");
                }
            }
            if (!XmlChars.isLegal(name)) {
                throw new InvalidStanzaException("illegal character in an XML name");
            }
        }

        /** Escaped character data or attribute value, UTF-8 encoded, XML 1.0 characters only. */
        private void text(String value, boolean attribute) throws InvalidStanzaException {
            int n = value.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    if (c >= 0x20) {
                        switch (c) {
                            case '&' -> raw("&amp;");
                            case '<' -> raw("&lt;");
                            case '>' -> raw("&gt;");
                            case '\'' -> {
                                if (attribute) {
                                    raw("&apos;");
                                } else {
                                    put(c);
                                }
                            }
                            default -> put(c);
                        }
                    } else if (c == '\n') {
                        // Attribute value normalization (XML 1.0 section 3.3.3) would turn these into spaces.
                        if (attribute) {
                            raw("&#xA;");
                        } else {
                            put(c);
                        }
                    } else if (c == '\t') {
                        if (attribute) {
                            raw("&#x9;");
                        } else {
                            put(c);
                        }
                    } else if (c == '\r') {
                        // End-of-line handling (XML 1.0 section 2.11) would drop a literal CR.
                        raw("&#xD;");
                    } else {
                        throw new InvalidStanzaException(String.format("illegal XML character U+%04X in %s", (int) c,
                                attribute ? "an attribute value" : "text"));
                    }
                } else if (c < 0x800) {
                    ensure(2);
                    buf[len++] = (byte) (0xC0 | c >> 6);
                    buf[len++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, value.charAt(++i));
                    ensure(4);
                    buf[len++] = (byte) (0xF0 | cp >> 18);
                    buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[len++] = (byte) (0x80 | cp & 0x3F);
                } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                    throw new InvalidStanzaException(String.format("illegal XML character U+%04X in %s", (int) c,
                            attribute ? "an attribute value" : "text"));
                } else {
                    ensure(3);
                    buf[len++] = (byte) (0xE0 | c >> 12);
                    buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                    buf[len++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }

        private void raw(String ascii) throws InvalidStanzaException {
            int n = ascii.length();
            for (int i = 0; i < n; i++) {
                if (ascii.charAt(i) >= 0x80) {
                    // Only names reach here with non-ASCII; checkName already excluded markup characters.
                    text(ascii, false);
                    return;
                }
            }
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) ascii.charAt(i);
            }
        }

        private void put(char c) throws InvalidStanzaException {
            ensure(1);
            buf[len++] = (byte) c;
        }

        private void ascii(char c) throws InvalidStanzaException {
            ensure(1);
            buf[len++] = (byte) c;
        }

        private void ensure(int extra) throws InvalidStanzaException {
            int needed = len + extra;
            if (needed > buf.length) {
                if (len > maxBytes) {
                    throw new InvalidStanzaException("stanza larger than " + maxBytes + " bytes");
                }
                buf = Arrays.copyOf(buf, Math.max(needed, Math.min(buf.length * 2, maxBytes + 64)));
            }
        }
    }
}
