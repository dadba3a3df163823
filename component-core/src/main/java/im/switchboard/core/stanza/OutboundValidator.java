package im.switchboard.core.stanza;

import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.Packet;

/**
 * Checks every stanza before it may be queued for the server (THREATS X1, X6, X7).
 *
 * <p>XEP-0114 section 3: "The domain identifier portion of the JID contained in the 'from' attribute MUST
 * match the hostname of the component", and every stanza must carry 'from' and 'to'. Prosody and ejabberd
 * close the whole component stream on a stanza that breaks this, so a bad stanza is rejected here: the
 * domain must equal the component domain exactly (ASCII case-insensitively), never merely end with it.
 * Characters must be legal XML 1.0 and the serialized size must stay under the outbound limit; for messages
 * the limit leaves room for the XEP-0203 delay the link may add.
 *
 * <p>Thread-safe.
 */
public final class OutboundValidator {

    private static final QName DELAY = QName.get("delay", DelayStamp.NAMESPACE);
    private static final int MAX_JID_PART_BYTES = 1023;

    private final String domain;
    private final StanzaLimits limits;
    private final int delayReserve;

    /** A validator for stanzas sent as {@code componentDomain}. */
    public OutboundValidator(String componentDomain, StanzaLimits limits) {
        this.domain = componentDomain;
        this.limits = limits;
        this.delayReserve = DelayStamp.length(componentDomain);
    }

    /** The stanza's bytes and kind, or an exception saying (without the body) why it must not be sent. */
    public ValidStanza validate(Packet packet) throws InvalidStanzaException {
        Element element = packet.getElement();
        String name = element.getName();
        if (!element.getNamespacePrefix().isEmpty()) {
            throw new InvalidStanzaException("stanza element has a namespace prefix");
        }
        StanzaKind kind = switch (name) {
            case "message" -> StanzaKind.MESSAGE;
            case "presence" -> StanzaKind.PRESENCE;
            case "iq" -> {
                String type = element.attributeValue("type");
                yield "result".equals(type) || "error".equals(type) ? StanzaKind.IQ_RESPONSE : StanzaKind.IQ_REQUEST;
            }
            default -> throw new InvalidStanzaException("not a stanza: <" + XmlChars.strip(name) + ">");
        };
        checkFrom(element.attributeValue("from"));
        String to = element.attributeValue("to");
        if (to == null || to.isEmpty()) {
            throw new InvalidStanzaException("no 'to' attribute (XEP-0114 section 3 requires one)");
        }
        boolean stampable = kind == StanzaKind.MESSAGE && element.element(DELAY) == null;
        int max = limits.maxOutboundStanzaBytes() - (stampable ? delayReserve : 0);
        byte[] xml = StanzaSerializer.serialize(element, max, limits.maxDepth());
        return new ValidStanza(xml, kind, stampable, summary(packet));
    }

    private void checkFrom(String from) throws InvalidStanzaException {
        if (from == null || from.isEmpty()) {
            throw new InvalidStanzaException("no 'from' attribute (XEP-0114 section 3 requires one)");
        }
        // RFC 7622 section 3.1: the resource starts at the first '/', the local part ends at the first '@'
        // before it.
        int slash = from.indexOf('/');
        String bare = slash < 0 ? from : from.substring(0, slash);
        int at = bare.indexOf('@');
        String fromDomain = at < 0 ? bare : bare.substring(at + 1);
        // Byte for byte, as Prosody's mod_component compares it (no case folding, no nameprep): a 'from' the
        // server would reject closes the whole component stream.
        if (!fromDomain.equals(domain)) {
            throw new InvalidStanzaException("'from' domain '" + StanzaSummary.printable(fromDomain)
                    + "' is not the component domain '" + domain + "' (THREATS X1)");
        }
        if (at >= 0) {
            String local = bare.substring(0, at);
            if (local.isEmpty() || utf8Length(local) > MAX_JID_PART_BYTES) {
                throw new InvalidStanzaException("'from' local part is empty or too long");
            }
            for (int i = 0; i < local.length(); i++) {
                // RFC 7622 section 3.3.1: these never appear in a local part.
                if ("\"&'/:<>@ ".indexOf(local.charAt(i)) >= 0 || Character.isISOControl(local.charAt(i))) {
                    throw new InvalidStanzaException("'from' local part contains a forbidden character");
                }
            }
        }
        if (slash >= 0 && (slash == from.length() - 1 || utf8Length(from.substring(slash + 1)) > MAX_JID_PART_BYTES)) {
            throw new InvalidStanzaException("'from' resource is empty or too long");
        }
    }

    /** Type, id and to of a stanza, for logs: never the body. Formatted only when a log line prints it. */
    public static StanzaSummary summary(Packet packet) {
        Element element = packet.getElement();
        return new StanzaSummary(element.getName(), element.attributeValue("type"), element.attributeValue("id"),
                element.attributeValue("to"));
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
