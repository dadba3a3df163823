package im.switchboard.core.muc;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.BanEntry;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.stanza.XmlChars;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;

/**
 * The lists an admin or moderator asks a room for with {@code <iq type='get'>} in {@code muc#admin}: by role
 * (section 8.5 voice list {@code participant}, 9.8 moderator list, and {@code visitor}) and by affiliation
 * (9.2 ban list {@code outcast}, 9.5 member list {@code member}, 10.5 owner list, 10.8 admin list).
 *
 * <p>Roles and the affiliations {@code member}, {@code admin} and {@code owner} come from the room's current
 * occupants in the core's copy: legacy networks such as IRC keep no standing for people who are not in the
 * channel, so these lists are what the network knows. Every occupant may read them, as every occupant sees the
 * same roles in the occupants' presence anyway (XEP-0045 section 9.5 lets a non-anonymous room show the member
 * list to anyone). The ban list is asked from the network, which decides who may read it.
 *
 * <p>XEP-0045 section 9.2 wants a bare JID in every ban item, but a legacy ban is often a pattern. An entry that
 * names exactly one legacy user gets that user's JID on this gateway; any other pattern is shown as its
 * XEP-0106-escaped text at the gateway's domain (an IRC {@code *!*@evil.example} becomes
 * {@code *!*\40evil.example@irc.gateway}, which clients show unescaped), an address that reaches no one.
 * The item's {@code <reason/>} says the pattern and who set it, so the list never pretends more than it knows.
 */
final class RoomAdminLists {

    private static final Logger LOG = LoggerFactory.getLogger(RoomAdminLists.class);

    private final RoomDirectory rooms;

    RoomAdminLists(RoomDirectory rooms) {
        this.rooms = rooms;
    }

    /** The answer to an admin {@code get} on {@code state}'s room: one item naming a role or an affiliation. */
    IQ answer(IQ request, RoomState state) throws StanzaErrorException, LegacyException {
        List<Element> items = request.getChildElement().elements("item");
        if (items.size() != 1) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "ask for one list: one item with a role or an affiliation"));
        }
        String role = items.get(0).attributeValue("role");
        String affiliation = items.get(0).attributeValue("affiliation");
        if (role != null == (affiliation != null)) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "an item asks for either a role or an affiliation"));
        }
        Element query = DocumentHelper.createElement(QName.get("query", MucNamespaces.MUC_ADMIN));
        if (role != null) {
            if (!List.of("moderator", "participant", "visitor").contains(role)) {
                throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "no list for role " + role));
            }
            occupants(query, state, role, true);
        } else if (affiliation.equals("outcast")) {
            bans(query, state.address);
        } else if (List.of("member", "admin", "owner").contains(affiliation)) {
            occupants(query, state, affiliation, false);
        } else {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "no list for affiliation " + affiliation));
        }
        IQ result = IQ.createResultIQ(request);
        result.setChildElement(query);
        return result;
    }

    /** Sections 8.5, 9.8 (by role: nick and role, with affiliation and jid) and 9.5, 10.5, 10.8 (by affiliation). */
    private void occupants(Element query, RoomState state, String wanted, boolean byRole) {
        for (Occupant occupant : state.occupants.values()) {
            String role = MucStanzas.role(occupant.role());
            String affiliation = MucStanzas.affiliation(occupant.affiliation());
            if (!wanted.equals(byRole ? role : affiliation)) {
                continue;
            }
            Optional<JID> jid = occupant.nick().equals(state.nick) ? Optional.of(rooms.user)
                    : rooms.contactJid(occupant).map(JID::asBareJID);
            Element item = query.addElement("item").addAttribute("affiliation", affiliation);
            jid.ifPresent(j -> item.addAttribute("jid", j.toBareJID()));
            item.addAttribute("nick", XmlChars.strip(occupant.nick())).addAttribute("role", role);
        }
    }

    /** Section 9.2: affiliation and jid on every item, no nick or role. */
    private void bans(Element query, LegacyAddress room) throws LegacyException {
        for (BanEntry ban : rooms.requireSession().banList(room)) {
            Optional<String> jid = ban.user().flatMap(this::jid).or(() -> maskJid(ban.mask()));
            if (jid.isEmpty()) {
                LOG.debug("a ban entry that cannot be shown as an address was left out");
                continue;
            }
            Element item = query.addElement("item").addAttribute("affiliation", "outcast")
                    .addAttribute("jid", jid.get());
            StringBuilder reason = new StringBuilder("ban mask ").append(ban.mask());
            ban.setBy().ifPresent(by -> reason.append(", set by ").append(by));
            ban.setAt().ifPresent(at -> reason.append(" at ")
                    .append(DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS))));
            item.addElement("reason").setText(XmlChars.strip(reason.toString()));
        }
    }

    private Optional<String> jid(LegacyAddress user) {
        try {
            return Optional.of(rooms.contacts.toJid(user).toBareJID());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The mask as an XEP-0106-escaped local part at the gateway's domain (see the class documentation). */
    private Optional<String> maskJid(String mask) {
        String node = JID.escapeNode(XmlChars.strip(mask));
        try {
            return Optional.of(new JID(node, rooms.domain, null).toBareJID());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
