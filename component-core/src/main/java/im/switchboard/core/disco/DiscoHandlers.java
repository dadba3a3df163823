package im.switchboard.core.disco;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.routing.IqHandler;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.IqRequest;
import im.switchboard.core.routing.Target;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.stanza.XmlChars;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/**
 * Answers XEP-0030 queries. On the domain: the gateway's info (section 3.1) and an empty item list (section
 * 4.1; we list nothing we do not have). On a contact: the identity of a legacy user and the features that work
 * towards it (XEP-0100 addresses legacy users as {@code user@gateway}, section 6.2). A {@code node} we do not
 * serve is answered with {@code item-not-found} (XEP-0030 section 3.2) - except the XEP-0115 node of our own
 * capabilities hash, which is the same info (XEP-0115 section 6.2).
 */
public final class DiscoHandlers {

    /** XEP-0030 section 3.1 allows any identity for a legacy user; clients show {@code client/pc} as a person. */
    public static final String CONTACT_CATEGORY = "client";
    /** See {@link #CONTACT_CATEGORY}. */
    public static final String CONTACT_TYPE = "pc";

    private final Supplier<DiscoInfo> gatewayInfo;
    private final Supplier<String> capsNode;
    private final Set<String> contactFeatures;
    private final Map<String, Function<IqRequest, List<DiscoItem>>> itemNodes = new ConcurrentHashMap<>();
    private volatile BiFunction<String, IqRequest, Optional<DiscoInfo>> nodeInfo = (node, request) -> Optional.empty();
    private volatile Function<LegacyAddress, DiscoInfo> roomInfo;
    private volatile Predicate<LegacyAddress> listsItems = address -> false;
    private volatile IqHandler contactItems;
    private final Map<String, Function<IqRequest, List<DiscoItem>>> contactItemNodes = new ConcurrentHashMap<>();
    private volatile BiFunction<String, IqRequest, Optional<DiscoInfo>> contactNodeInfo =
            (node, request) -> Optional.empty();
    private volatile Function<IqRequest, Set<String>> contactExtraFeatures = request -> Set.of();

    /**
     * @param gatewayInfo  the gateway's info (read at each request: it is fixed once the component started)
     * @param capsNode     the {@code node#ver} the gateway advertises in its presence
     * @param capabilities the bridge's capabilities
     */
    public DiscoHandlers(Supplier<DiscoInfo> gatewayInfo, Supplier<String> capsNode, Set<Capability> capabilities) {
        this.gatewayInfo = gatewayInfo;
        this.capsNode = capsNode;
        this.contactFeatures = Features.forContact(capabilities);
    }

    /**
     * Serve disco#items on the domain at {@code node} (for example XEP-0050 section 2.2, the command list); the
     * items may depend on who asks. Before {@link #registerWith} is used to answer requests.
     */
    public DiscoHandlers withItemsNode(String node, Function<IqRequest, List<DiscoItem>> items) {
        itemNodes.put(node, items);
        return this;
    }

    /**
     * Serve disco#info on the domain's nodes other than the caps node (for example XEP-0050 section 2.2, a
     * command's info); an empty answer is {@code item-not-found}.
     */
    public DiscoHandlers withNodeInfo(BiFunction<String, IqRequest, Optional<DiscoInfo>> info) {
        this.nodeInfo = info;
        return this;
    }

    /**
     * Serve rooms (XEP-0045): disco#info on a room address is {@code roomInfo}'s answer (section 6.4), and
     * disco#items on an address that {@code listsItems} accepts is answered by {@code items} (section 6.3, room
     * listings).
     */
    public DiscoHandlers withRooms(Function<LegacyAddress, DiscoInfo> info, Predicate<LegacyAddress> lists,
            IqHandler items) {
        this.roomInfo = info;
        this.listsItems = lists;
        this.contactItems = items;
        return this;
    }

    /**
     * Serve disco#items on contacts at {@code node} (XEP-0050 section 2.2: a bridge's commands on a legacy
     * entity's JID); the items may depend on who asks and on the contact.
     */
    public DiscoHandlers withContactItemsNode(String node, Function<IqRequest, List<DiscoItem>> items) {
        contactItemNodes.put(node, items);
        return this;
    }

    /** Serve disco#info on contacts' nodes; an empty answer is {@code item-not-found}. */
    public DiscoHandlers withContactNodeInfo(BiFunction<String, IqRequest, Optional<DiscoInfo>> info) {
        this.contactNodeInfo = info;
        return this;
    }

    /** Features a contact's disco#info lists besides the bridge's (XEP-0050 section 2.1: commands). */
    public DiscoHandlers withContactExtraFeatures(Function<IqRequest, Set<String>> features) {
        this.contactExtraFeatures = features;
        return this;
    }

    /** Register the handlers for the domain and for contacts. */
    public void registerWith(IqHandlers handlers) {
        handlers.register(Target.DOMAIN, DiscoInfo.NAMESPACE, IQ.Type.get, IqHandler.sync(this::domainInfo));
        handlers.register(Target.DOMAIN, Features.DISCO_ITEMS, IQ.Type.get, IqHandler.sync(this::domainItems));
        handlers.register(Target.CONTACT, DiscoInfo.NAMESPACE, IQ.Type.get, IqHandler.sync(this::contactInfo));
        IqHandler plainItems = IqHandler.sync(this::items);
        handlers.register(Target.CONTACT, Features.DISCO_ITEMS, IQ.Type.get, request -> {
            IqHandler listing = contactItems;
            boolean lists = listing != null && node(request) == null
                    && request.contact().map(listsItems::test).orElse(false);
            return lists ? listing.handle(request) : plainItems.handle(request);
        });
    }

    /** The info of a legacy contact, or of a room (XEP-0045 section 6.4) when rooms are served. */
    public DiscoInfo contactInfo(LegacyAddress address) {
        Function<LegacyAddress, DiscoInfo> rooms = roomInfo;
        if (rooms != null && address.isRoom()) {
            return rooms.apply(address);
        }
        Identity identity = Identity.of(CONTACT_CATEGORY, CONTACT_TYPE, XmlChars.strip(address.display()));
        return new DiscoInfo(List.of(identity), contactFeatures);
    }

    private IQ domainInfo(IqRequest request) throws StanzaErrorException {
        String node = node(request);
        DiscoInfo info;
        if (node == null || node.equals(capsNode.get())) {
            info = gatewayInfo.get();
        } else {
            info = nodeInfo.apply(node, request).orElseThrow(() -> new StanzaErrorException(
                    StanzaError.of(PacketError.Condition.item_not_found)));
        }
        IQ result = request.result();
        result.setChildElement(info.toQuery(node));
        return result;
    }

    private IQ contactInfo(IqRequest request) throws StanzaErrorException {
        String node = node(request);
        if (request.contact().isEmpty()) {
            throw new StanzaErrorException(StanzaError.of(PacketError.Condition.item_not_found));
        }
        DiscoInfo info;
        if (node != null) {
            info = contactNodeInfo.apply(node, request).orElseThrow(() -> new StanzaErrorException(
                    StanzaError.of(PacketError.Condition.item_not_found)));
        } else {
            info = contactInfo(request.contact().get());
            Set<String> extra = contactExtraFeatures.apply(request);
            if (!extra.isEmpty()) {
                Set<String> features = new TreeSet<>(info.features());
                features.addAll(extra);
                info = new DiscoInfo(info.identities(), features);
            }
        }
        IQ result = request.result();
        result.setChildElement(info.toQuery(node));
        return result;
    }

    private IQ domainItems(IqRequest request) throws StanzaErrorException {
        String node = node(request);
        Function<IqRequest, List<DiscoItem>> provider = node == null ? null : itemNodes.get(node);
        if (provider == null) {
            return items(request);
        }
        return nodeItems(node, provider.apply(request), request);
    }

    private static IQ nodeItems(String node, List<DiscoItem> items, IqRequest request) {
        Element query = DocumentHelper.createElement(QName.get("query", Features.DISCO_ITEMS));
        query.addAttribute("node", node);
        for (DiscoItem item : items) {
            Element e = query.addElement("item").addAttribute("jid", item.jid());
            item.node().ifPresent(n -> e.addAttribute("node", n));
            if (!item.name().isEmpty()) {
                e.addAttribute("name", XmlChars.strip(item.name()));
            }
        }
        IQ result = request.result();
        result.setChildElement(query);
        return result;
    }

    private IQ items(IqRequest request) throws StanzaErrorException {
        String node = node(request);
        if (node != null && request.target() == Target.CONTACT && contactItemNodes.containsKey(node)) {
            return nodeItems(node, contactItemNodes.get(node).apply(request), request);
        }
        if (node != null) {
            throw new StanzaErrorException(StanzaError.of(PacketError.Condition.item_not_found));
        }
        IQ result = request.result();
        Element query = DocumentHelper.createElement(QName.get("query", Features.DISCO_ITEMS));
        result.setChildElement(query);
        return result;
    }

    private static String node(IqRequest request) {
        String node = request.iq().getChildElement().attributeValue("node");
        return node == null || node.isEmpty() ? null : node;
    }
}
