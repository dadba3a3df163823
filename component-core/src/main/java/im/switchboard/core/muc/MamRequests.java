package im.switchboard.core.muc;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.history.ArchiveQuery;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.stanza.XmlChars;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;

/**
 * Reads a room archive query (XEP-0313 section 4): the {@code queryid}, the data form fields {@code start},
 * {@code end} and {@code with} (section 4.1), the XEP-0059 {@code <set/>} ({@code max}, {@code after},
 * {@code before}, empty {@code before} for the last page, section 4.3) and {@code <flip-page/>}. Pure.
 */
final class MamRequests {

    /** The most results one query returns, whatever {@code <max/>} asks (section 4.3.1: "a reasonable limit"). */
    static final int MAX_PAGE = 100;
    /** The page when the query has no {@code <max/>}. */
    static final int DEFAULT_PAGE = MAX_PAGE;
    /** The longest {@code queryid} echoed back; a longer one is refused rather than cut. */
    private static final int MAX_QUERY_ID = 256;

    private MamRequests() {
    }

    private static MamRequest parse(Element query, JID room) throws StanzaErrorException {
        if (query.attributeValue("node") != null) {
            // Section 6.4: 'node' is for pubsub archives (XEP-0442), which a room is not.
            throw error(Condition.feature_not_implemented, "a room archive has no nodes");
        }
        Optional<String> queryId = Optional.ofNullable(query.attributeValue("queryid"));
        if (queryId.isPresent() && (queryId.get().length() > MAX_QUERY_ID
                || !XmlChars.strip(queryId.get()).equals(queryId.get()))) {
            throw error(Condition.bad_request, "queryid too long or not text");
        }
        Optional<Instant> start = Optional.empty();
        Optional<Instant> end = Optional.empty();
        Optional<String> nick = Optional.empty();
        boolean otherThanRoom = false;
        Optional<Element> form = DataForms.find(query);
        if (form.isPresent()) {
            Optional<String> formType = DataForms.formType(form.get());
            if (formType.isPresent() && !MucArchiveHandler.NAMESPACE.equals(formType.get().strip())) {
                throw error(Condition.bad_request, "the form's FORM_TYPE must be " + MucArchiveHandler.NAMESPACE);
            }
            for (Map.Entry<String, List<String>> field : DataForms.values(form.get()).entrySet()) {
                Optional<String> value = field.getValue().stream().map(String::strip).filter(v -> !v.isEmpty())
                        .findFirst();
                switch (field.getKey()) {
                    case "start" -> start = value.map(v -> instant(v, "start"));
                    case "end" -> end = value.map(v -> instant(v, "end"));
                    case "with" -> {
                        if (value.isPresent()) {
                            JID with = jid(value.get());
                            if (!with.toBareJID().equals(room.toBareJID())) {
                                otherThanRoom = true;
                            } else if (with.getResource() != null && !with.getResource().isEmpty()) {
                                // Section 6: in a room archive 'with' names an occupant, the sender of the message.
                                nick = Optional.of(with.getResource());
                            }
                        }
                    }
                    // Section 4.1.4: "If a client includes a form field that the server does not recognise, the
                    // server MUST respond with a 'feature-not-implemented' error". before-id, after-id and ids are
                    // urn:xmpp:mam:2#extended, not offered.
                    default -> throw error(Condition.feature_not_implemented, "unsupported field: "
                            + XmlChars.strip(field.getKey()));
                }
            }
        }
        Element set = query.element(QName.get("set", MucNamespaces.RSM));
        int max = DEFAULT_PAGE;
        Optional<String> after = Optional.empty();
        Optional<String> before = Optional.empty();
        if (set != null) {
            if (set.element("index") != null) {
                throw error(Condition.feature_not_implemented, "paging by index is not offered; use after/before");
            }
            max = Math.min(MAX_PAGE, count(set.elementText("max")));
            Element afterElement = set.element("after");
            Element beforeElement = set.element("before");
            if (afterElement != null && beforeElement != null) {
                // Section 4.3.1: RSM does not define both in one request.
                throw error(Condition.bad_request, "after and before in one query");
            }
            if (afterElement != null) {
                String id = afterElement.getText().strip();
                if (id.isEmpty()) {
                    throw error(Condition.bad_request, "an empty after");
                }
                after = Optional.of(id);
            }
            if (beforeElement != null) {
                before = Optional.of(beforeElement.getText().strip());
            }
        }
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            otherThanRoom = true;
        }
        boolean flip = query.element(QName.get("flip-page", MucArchiveHandler.NAMESPACE)) != null;
        return new MamRequest(queryId, new ArchiveQuery(start, end, nick, max, after, before), flip, otherThanRoom);
    }

    private static int count(String text) {
        try {
            return RsmCount.parse(text, DEFAULT_PAGE);
        } catch (NumberFormatException e) {
            throw new BadField("max is not a count");
        }
    }

    private static Instant instant(String text, String field) {
        try {
            // XEP-0082 DateTime: an offset (Z or +hh:mm) is required, fractions of a second are allowed.
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadField(field + " is not an XEP-0082 date and time");
        }
    }

    private static JID jid(String text) {
        try {
            return new JID(text);
        } catch (IllegalArgumentException e) {
            throw new BadField("with is not a JID");
        }
    }

    private static StanzaErrorException error(Condition condition, String text) {
        return new StanzaErrorException(StanzaError.of(condition, text));
    }

    /** A malformed value found inside a lambda; {@link #read} turns it into {@code bad-request}. */
    private static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadField(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param query the {@code <query xmlns='urn:xmpp:mam:2'/>}
     * @param room  the room's bare JID, the archive queried
     * @throws StanzaErrorException {@code bad-request} for a malformed query, {@code feature-not-implemented} for a
     *                              field or paging this archive does not offer (section 4.1.4)
     */
    static MamRequest read(Element query, JID room) throws StanzaErrorException {
        try {
            return parse(query, room);
        } catch (BadField e) {
            throw error(Condition.bad_request, e.getMessage());
        }
    }
}
