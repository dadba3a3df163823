package im.switchboard.core.muc;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.PageRequest;
import java.util.List;
import java.util.Optional;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;

/**
 * XEP-0059 result set management for room listings (disco#items, XEP-0045 section 6.3).
 *
 * <p>The key of an item is its room JID: {@code <first/>} and {@code <last/>} hold room JIDs, and a client's
 * {@code <after/>} is the {@code <last/>} of the previous page. The bridge receives the {@code after} cursor as the
 * JID's local part, which its own codec printed and can read back. Paging backwards ({@code <before/>}) is not
 * offered: legacy listings (IRC LIST) come in one direction only.
 */
public final class RoomPaging {

    /** The largest page the gateway returns, whatever {@code <max/>} asks (XEP-0059 section 2.1). */
    public static final int MAX_PAGE = 500;

    private RoomPaging() {
    }

    /** The page a disco#items query asks for ({@code defaultMax} when it has no {@code <set/>}). */
    public static PageRequest request(Element query, int defaultMax, String domain) throws StanzaErrorException {
        Element set = query == null ? null : query.element(QName.get("set", MucNamespaces.RSM));
        if (set == null) {
            return new PageRequest(defaultMax, Optional.empty(), 0);
        }
        if (set.element("before") != null) {
            throw new StanzaErrorException(StanzaError.of(Condition.feature_not_implemented,
                    "room listings page forwards only"));
        }
        int max = number(set.elementText("max"), defaultMax);
        int index = number(set.elementText("index"), 0);
        Optional<String> after = Optional.ofNullable(set.elementText("after")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> cursor(s, domain));
        return new PageRequest(Math.min(max, MAX_PAGE), after, index);
    }

    private static String cursor(String text, String domain) {
        try {
            JID jid = new JID(text);
            if (jid.getNode() != null && domain.equals(jid.getDomain())) {
                return jid.getNode();
            }
        } catch (IllegalArgumentException e) {
            // Not a JID of ours: handed to the bridge as it came.
        }
        return text;
    }

    private static int number(String text, int fallback) throws StanzaErrorException {
        try {
            return RsmCount.parse(text, fallback);
        } catch (NumberFormatException e) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "not a count: " + text.strip()));
        }
    }

    /**
     * The disco#items answer: one item per room, then the {@code <set/>} (XEP-0059 section 2.1: {@code <first/>}
     * with its index, {@code <last/>}, {@code <count/>}; only {@code <count/>} when the page is empty).
     */
    public static Element items(String node, List<JID> rooms, List<String> names, int firstIndex, int total) {
        Element query = DocumentHelper.createElement(QName.get("query", "http://jabber.org/protocol/disco#items"));
        if (node != null && !node.isEmpty()) {
            query.addAttribute("node", node);
        }
        for (int i = 0; i < rooms.size(); i++) {
            Element item = query.addElement("item").addAttribute("jid", rooms.get(i).toBareJID());
            if (!names.get(i).isEmpty()) {
                item.addAttribute("name", names.get(i));
            }
        }
        Element set = query.addElement("set", MucNamespaces.RSM);
        if (!rooms.isEmpty()) {
            set.addElement("first").addAttribute("index", Integer.toString(firstIndex))
                    .setText(rooms.getFirst().toBareJID());
            set.addElement("last").setText(rooms.getLast().toBareJID());
        }
        set.addElement("count").setText(Integer.toString(total));
        return query;
    }
}
