package im.switchboard.core.disco;

import im.switchboard.core.spi.Capability;
import java.util.Set;
import java.util.TreeSet;

/** The feature namespaces the core advertises (XEP-0030 section 3, names from the XMPP Registrar). */
public final class Features {

    /** XEP-0030. */
    public static final String DISCO_INFO = DiscoInfo.NAMESPACE;
    /** XEP-0030. */
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    /** XEP-0092. */
    public static final String VERSION = "jabber:iq:version";
    /** XEP-0199. */
    public static final String PING = "urn:xmpp:ping";
    /** XEP-0115 section 6.3: an entity that sends capabilities advertises the caps namespace. */
    public static final String CAPS = "http://jabber.org/protocol/caps";
    /** XEP-0085. */
    public static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    /** XEP-0184. */
    public static final String RECEIPTS = "urn:xmpp:receipts";
    /** XEP-0045. */
    public static final String MUC = "http://jabber.org/protocol/muc";
    /** XEP-0045 section 15.5.3: rooms are configured with the muc#roomconfig form (section 10.2). */
    public static final String MUC_ROOMCONFIG = "http://jabber.org/protocol/muc#roomconfig";
    /** XEP-0059, offered with room listings. */
    public static final String RSM = "http://jabber.org/protocol/rsm";

    private Features() {
    }

    /** The feature a bridge capability adds. */
    public static String of(Capability capability) {
        return switch (capability) {
            case CHAT_STATES -> CHAT_STATES;
            case DELIVERY_RECEIPTS -> RECEIPTS;
            case ROOMS -> MUC;
            case ROOM_LIST -> RSM;
            case ROOM_CONFIG -> MUC_ROOMCONFIG;
        };
    }

    /**
     * The features of the component domain itself. The bridge's capabilities are not among them: chat states and
     * receipts work with legacy contacts, not with the gateway JID (which answers a chat message with an error),
     * and XEP-0030 section 3 lists only what the entity itself does.
     */
    public static Set<String> forGateway(Set<Capability> capabilities, Set<String> extra) {
        Set<String> features = new TreeSet<>(Set.of(DISCO_INFO, DISCO_ITEMS, VERSION, PING, CAPS));
        if (capabilities.contains(Capability.ROOMS)) {
            // XEP-0045 section 6.1: a service that hosts rooms advertises the MUC feature on its own JID.
            features.add(MUC);
        }
        features.addAll(extra);
        return features;
    }

    /**
     * The features of a legacy contact JID: what the core answers there plus the bridge's one-to-one
     * capabilities. Rooms and room listings are not features of a person (a room's own features are in the
     * {@code muc} package).
     */
    public static Set<String> forContact(Set<Capability> capabilities) {
        Set<String> features = new TreeSet<>(Set.of(DISCO_INFO, PING));
        capabilities.stream().filter(c -> c == Capability.CHAT_STATES || c == Capability.DELIVERY_RECEIPTS)
                .forEach(c -> features.add(of(c)));
        return features;
    }
}
