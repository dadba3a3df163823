package im.switchboard.core.stanza;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.dom4j.tree.DefaultAttribute;
import org.dom4j.tree.DefaultElement;

/**
 * Incremental parser for one inbound XML stream (RFC 6120 section 4), built on Aalto's non-blocking parser.
 *
 * <p>The caller feeds bytes as they arrive from the socket and polls {@link StreamEvent}s. Each first-level
 * child of the stream becomes one dom4j {@link Element}; the stream's content namespace (for a component
 * stream {@code jabber:component:accept}) is mapped to "no namespace", the way Tinder builds its packets.
 *
 * <p>Restricted XML (RFC 6120 section 11.1): a DOCTYPE, comment, processing instruction or entity reference
 * other than the five predefined ones and character references ends the stream with {@code restricted-xml}.
 * The parser never resolves DTDs or external entities, so it never opens a connection (THREATS X5).
 * Limits ({@link StanzaLimits}): nesting, text and attribute length, and bytes per stanza end the stream with
 * {@code policy-violation}; the byte limit is enforced to within one fed chunk, so memory stays bounded.
 * Malformed XML and invalid UTF-8 end it with {@code not-well-formed}.
 *
 * <p>Not thread-safe: one parser per connection, used by that connection's reader thread only.
 */
public final class StreamParser {

    /** The stream namespace of RFC 6120 section 4.8.1. */
    public static final String STREAMS_NAMESPACE = "http://etherx.jabber.org/streams";

    private static final AsyncXMLInputFactory FACTORY = newFactory();
    private static final int QNAME_CACHE_LIMIT = 4096;
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

    private final StanzaLimits limits;
    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final ArrayDeque<StreamEvent> events = new ArrayDeque<>();
    private final List<Element> open = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    /** The first bytes of the stream, kept until the header is seen, to recognise a DOCTYPE. */
    private final byte[] prolog = new byte[512];
    private int prologLength;
    private final Map<String, Map<String, QName>> qnames = new HashMap<>();
    private int qnameCount;
    private String contentNamespace = "";
    private boolean headerSeen;
    private boolean finished;
    private long fed;
    private long boundary;

    /** A parser for a new stream. */
    public StreamParser(StanzaLimits limits) {
        this.limits = limits;
        this.reader = FACTORY.createAsyncForByteArray();
    }

    private static AsyncXMLInputFactory newFactory() {
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        // RFC 6120 section 11.1: no DTDs, no entity expansion, never anything external (THREATS X5).
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        return factory;
    }

    /**
     * Parse {@code len} more bytes. The array is not used after this returns. After a
     * {@link StreamEvent.Violation} or {@link StreamEvent.StreamClosed} further input is ignored.
     */
    public void feed(byte[] buffer, int offset, int len) {
        if (finished || len <= 0) {
            return;
        }
        try {
            if (!headerSeen) {
                int keep = Math.min(len, prolog.length - prologLength);
                System.arraycopy(buffer, offset, prolog, prologLength, keep);
                prologLength += keep;
            }
            reader.getInputFeeder().feedInput(buffer, offset, len);
            fed += len;
            drain();
            if (!finished && fed - boundary > limits.maxInboundStanzaBytes()) {
                throw new StreamViolationException(StreamErrorCondition.POLICY_VIOLATION,
                        "stanza larger than " + limits.maxInboundStanzaBytes() + " bytes");
            }
        } catch (StreamViolationException e) {
            fail(e);
        } catch (XMLStreamException e) {
            fail(classify(e, buffer, offset, len));
        } catch (RuntimeException e) {
            // Aalto reports some encoding problems as unchecked exceptions; they are still bad input.
            fail(new StreamViolationException(StreamErrorCondition.NOT_WELL_FORMED,
                    "malformed XML: " + e.getMessage(), e));
        }
    }

    /** The next event, or null when the bytes fed so far hold no more. */
    public StreamEvent poll() {
        return events.poll();
    }

    /** Whether the stream has ended (closed by the peer or broken). */
    public boolean finished() {
        return finished;
    }

    private void fail(StreamViolationException e) {
        finished = true;
        events.add(new StreamEvent.Violation(e));
    }

    private StreamViolationException classify(XMLStreamException e, byte[] buffer, int offset, int len) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String line = newline > 0 ? message.substring(0, newline) : message;
        // Aalto's non-blocking parser rejects an internal DTD subset as a syntax error before it can report
        // the DTD; a DOCTYPE is restricted XML whatever its content (billion laughs, external DTDs).
        if (contains(prolog, 0, prologLength, DOCTYPE) || contains(buffer, offset, len, DOCTYPE)) {
            return new StreamViolationException(StreamErrorCondition.RESTRICTED_XML,
                    "DOCTYPE in the stream (RFC 6120 section 11.1 restricted XML)", e);
        }
        if (line.contains("ENTITY_REFERENCE") || line.contains("ntity")) {
            return new StreamViolationException(StreamErrorCondition.RESTRICTED_XML,
                    "entity reference in the stream: " + line, e);
        }
        return new StreamViolationException(StreamErrorCondition.NOT_WELL_FORMED, "malformed XML: " + line, e);
    }

    private void drain() throws XMLStreamException, StreamViolationException {
        while (!finished) {
            int event = reader.next();
            switch (event) {
                case AsyncXMLStreamReader.EVENT_INCOMPLETE -> {
                    return;
                }
                case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
                case XMLStreamConstants.START_ELEMENT -> startElement();
                case XMLStreamConstants.END_ELEMENT -> endElement();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                case XMLStreamConstants.COMMENT -> throw restricted("comment");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw restricted("processing instruction");
                case XMLStreamConstants.DTD -> throw restricted("DOCTYPE");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw restricted("entity reference &"
                        + reader.getLocalName() + ";");
                case XMLStreamConstants.ENTITY_DECLARATION, XMLStreamConstants.NOTATION_DECLARATION ->
                        throw restricted("DTD declaration");
                case XMLStreamConstants.END_DOCUMENT -> {
                    return;
                }
                default -> throw new StreamViolationException(StreamErrorCondition.BAD_FORMAT,
                        "unexpected XML event " + event);
            }
        }
    }

    private static boolean contains(byte[] haystack, int offset, int len, byte[] needle) {
        outer:
        for (int i = offset; i <= offset + len - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static StreamViolationException restricted(String what) {
        return new StreamViolationException(StreamErrorCondition.RESTRICTED_XML,
                what + " in the stream (RFC 6120 section 11.1 restricted XML)");
    }

    private void checkEncoding() throws StreamViolationException {
        String declared = reader.getCharacterEncodingScheme();
        // RFC 6120 section 11.6: UTF-8 only.
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new StreamViolationException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "stream declares encoding " + declared + ", XMPP allows only UTF-8");
        }
    }

    private void startElement() throws StreamViolationException {
        String uri = nonNull(reader.getNamespaceURI());
        String local = reader.getLocalName();
        if (!headerSeen) {
            header(uri, local);
            return;
        }
        if (STREAMS_NAMESPACE.equals(uri) && "stream".equals(local)) {
            throw new StreamViolationException(StreamErrorCondition.BAD_FORMAT,
                    "a second stream header inside the stream");
        }
        if (open.size() + 1 > limits.maxDepth()) {
            throw new StreamViolationException(StreamErrorCondition.POLICY_VIOLATION,
                    "elements nested deeper than " + limits.maxDepth());
        }
        checkNamespace(uri);
        Element element = new DefaultElement(qname(local, nonNull(reader.getPrefix()), uri));
        int attributes = reader.getAttributeCount();
        for (int i = 0; i < attributes; i++) {
            String value = reader.getAttributeValue(i);
            if (value.length() > limits.maxAttributeLength()) {
                throw new StreamViolationException(StreamErrorCondition.POLICY_VIOLATION,
                        "attribute value longer than " + limits.maxAttributeLength() + " characters");
            }
            String prefix = nonNull(reader.getAttributePrefix(i));
            QName name;
            if (prefix.isEmpty()) {
                name = qname(reader.getAttributeLocalName(i), "", "");
            } else {
                String attributeNamespace = nonNull(reader.getAttributeNamespace(i));
                checkNamespace(attributeNamespace);
                name = new QName(reader.getAttributeLocalName(i), new Namespace(prefix, attributeNamespace));
            }
            element.add(new DefaultAttribute(name, value));
        }
        int declarations = reader.getNamespaceCount();
        for (int i = 0; i < declarations; i++) {
            String prefix = nonNull(reader.getNamespacePrefix(i));
            // Keep prefixes declared for use in attribute values or text; the element's own is implied.
            if (!prefix.isEmpty() && !prefix.equals(element.getNamespacePrefix())) {
                String declared = nonNull(reader.getNamespaceURI(i));
                checkNamespace(declared);
                element.add(new Namespace(prefix, declared));
            }
        }
        flushText();
        if (!open.isEmpty()) {
            open.get(open.size() - 1).add(element);
        }
        open.add(element);
    }

    private void header(String uri, String local) throws StreamViolationException {
        if (!"stream".equals(local)) {
            throw new StreamViolationException(StreamErrorCondition.BAD_FORMAT,
                    "expected a stream header, got <" + local + ">");
        }
        if (!STREAMS_NAMESPACE.equals(uri)) {
            throw new StreamViolationException(StreamErrorCondition.INVALID_NAMESPACE,
                    "stream header in namespace '" + uri + "'");
        }
        String id = null;
        String from = null;
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (nonNull(reader.getAttributeNamespace(i)).isEmpty()) {
                switch (reader.getAttributeLocalName(i)) {
                    case "id" -> id = reader.getAttributeValue(i);
                    case "from" -> from = reader.getAttributeValue(i);
                    default -> {
                        // version, xml:lang and others carry nothing a component needs.
                    }
                }
            }
        }
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            if (nonNull(reader.getNamespacePrefix(i)).isEmpty()) {
                contentNamespace = nonNull(reader.getNamespaceURI(i));
            }
        }
        headerSeen = true;
        boundary = fed;
        events.add(new StreamEvent.StreamOpened(id, from));
    }

    private void endElement() {
        if (open.isEmpty()) {
            // The root element closed: RFC 6120 section 4.4.
            finished = true;
            events.add(new StreamEvent.StreamClosed());
            return;
        }
        flushText();
        Element element = open.remove(open.size() - 1);
        if (open.isEmpty()) {
            boundary = fed;
            events.add(new StreamEvent.TopElement(element));
        }
    }

    private void text() throws StreamViolationException {
        if (open.isEmpty()) {
            // Between stanzas only whitespace is allowed (whitespace keepalives, RFC 6120 section 4.6.1).
            if (!reader.isWhiteSpace()) {
                throw new StreamViolationException(StreamErrorCondition.BAD_FORMAT,
                        "character data between stanzas");
            }
            boundary = fed;
            return;
        }
        int length = reader.getTextLength();
        if (text.length() + length > limits.maxTextLength()) {
            throw new StreamViolationException(StreamErrorCondition.POLICY_VIOLATION,
                    "text longer than " + limits.maxTextLength() + " characters");
        }
        text.append(reader.getTextCharacters(), reader.getTextStart(), length);
    }

    private void flushText() {
        if (!text.isEmpty()) {
            open.get(open.size() - 1).addText(text.toString());
            text.setLength(0);
        }
    }

    /**
     * Namespace names come from the peer, so they are held to the attribute length limit too (StAX does not report
     * them as attributes).
     */
    private void checkNamespace(String uri) throws StreamViolationException {
        if (uri.length() > limits.maxAttributeLength()) {
            throw new StreamViolationException(StreamErrorCondition.POLICY_VIOLATION,
                    "namespace name longer than " + limits.maxAttributeLength() + " characters");
        }
    }

    /**
     * Names are built with {@code new QName}/{@code new Namespace}, never through dom4j's {@code DocumentFactory}
     * or {@code Namespace.get}: those intern every name in static caches that are never emptied, so a peer that
     * invents namespaces (one per stanza) would grow the heap without bound (THREATS X5). The bounded per-stream
     * cache below keeps the common names shared.
     */
    private QName qname(String local, String prefix, String uri) {
        if (!prefix.isEmpty()) {
            return new QName(local, new Namespace(prefix, uri));
        }
        String key = uri.equals(contentNamespace) ? "" : uri;
        Map<String, QName> byLocal = qnames.computeIfAbsent(key, k -> new HashMap<>());
        QName name = byLocal.get(local);
        if (name == null) {
            if (qnameCount >= QNAME_CACHE_LIMIT) {
                // A peer inventing names must not grow the cache without bound.
                qnames.clear();
                qnameCount = 0;
                byLocal = qnames.computeIfAbsent(key, k -> new HashMap<>());
            }
            Namespace namespace = key.isEmpty() ? Namespace.NO_NAMESPACE : new Namespace("", key);
            name = new QName(local, namespace);
            byLocal.put(local, name);
            qnameCount++;
        }
        return name;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
