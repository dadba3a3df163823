package im.switchboard.core.disco;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * What an entity says about itself through XEP-0030 {@code disco#info} (section 3.1): identities and features.
 *
 * @param identities at least one identity
 * @param features   the supported features, without duplicates
 */
public record DiscoInfo(List<Identity> identities, Set<String> features) {

    /** The {@code disco#info} namespace. */
    public static final String NAMESPACE = "http://jabber.org/protocol/disco#info";

    public DiscoInfo {
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("XEP-0030 section 3.1: an entity has at least one identity");
        }
        features = Set.copyOf(new TreeSet<>(features));
    }

    /** The {@code <query xmlns='http://jabber.org/protocol/disco#info'/>} element, features in sorted order. */
    public Element toQuery(String node) {
        Element query = DocumentHelper.createElement(QName.get("query", NAMESPACE));
        if (node != null && !node.isEmpty()) {
            query.addAttribute("node", node);
        }
        for (Identity identity : identities) {
            Element e = query.addElement("identity", NAMESPACE)
                    .addAttribute("category", identity.category())
                    .addAttribute("type", identity.type());
            if (!identity.lang().isEmpty()) {
                e.addAttribute(QName.get("lang", "xml", "http://www.w3.org/XML/1998/namespace"), identity.lang());
            }
            if (!identity.name().isEmpty()) {
                e.addAttribute("name", identity.name());
            }
        }
        for (String feature : new TreeSet<>(features)) {
            query.addElement("feature", NAMESPACE).addAttribute("var", feature);
        }
        return query;
    }
}
