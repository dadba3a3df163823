package im.switchboard.core.caps;

import im.switchboard.core.disco.DiscoInfo;
import java.util.Objects;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.Presence;

/**
 * The gateway's advertised capabilities (XEP-0115 section 4): {@code node}, and {@code ver} computed once from
 * the gateway's disco#info.
 *
 * @param node the software's URI
 * @param ver  the verification string
 */
public record Caps(String node, String ver) {

    /** The XEP-0115 namespace. */
    public static final String NAMESPACE = "http://jabber.org/protocol/caps";

    public Caps {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(ver, "ver");
    }

    /** The capabilities of an entity described by {@code info}. */
    public static Caps of(String node, DiscoInfo info) {
        return new Caps(node, CapsHash.ver(info));
    }

    /** The node a client queries to learn the features behind {@code ver} (section 6.2): {@code node#ver}. */
    public String discoNode() {
        return node + "#" + ver;
    }

    /** A fresh {@code <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='...' ver='...'/>}. */
    public Element element() {
        Element c = DocumentHelper.createElement(QName.get("c", NAMESPACE));
        c.addAttribute("hash", CapsHash.SHA_1);
        c.addAttribute("node", node);
        c.addAttribute("ver", ver);
        return c;
    }

    /** Add the element to a presence that does not carry one yet. */
    public void addTo(Presence presence) {
        if (presence.getChildElement("c", NAMESPACE) == null) {
            presence.getElement().add(element());
        }
    }
}
