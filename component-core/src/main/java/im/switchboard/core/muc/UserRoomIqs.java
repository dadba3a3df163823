package im.switchboard.core.muc;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.Page;
import im.switchboard.core.spi.PageRequest;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomListing;
import im.switchboard.core.stanza.XmlChars;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;

/**
 * XMPP to network: the IQs the user's resources send to rooms and occupants — XEP-0410 self-pings, XEP-0045
 * admin requests (sections 8 and 9) and room listings (section 6.3). Each answers with one reply or throws the
 * error. Confined to the user's actor.
 */
final class UserRoomIqs {

    private static final Logger LOG = LoggerFactory.getLogger(UserRoomIqs.class);

    private final RoomDirectory rooms;
    private final RoomAdminLists lists;

    UserRoomIqs(RoomDirectory rooms) {
        this.rooms = rooms;
        this.lists = new RoomAdminLists(rooms);
    }

    /** The room {@code request} is addressed to, when its sender is in it; {@code not-acceptable} otherwise. */
    RoomState occupiedRoom(IQ request) throws StanzaErrorException {
        RoomState state = rooms.occupiedBy(request.getTo(), request.getFrom());
        if (state == null) {
            throw new StanzaErrorException(new StanzaError(Condition.not_acceptable, Type.cancel,
                    "you are not in this room"));
        }
        return state;
    }

    /** See {@link UserRooms#ping}. */
    IQ ping(IQ request) throws StanzaErrorException {
        String nick = request.getTo().getResource();
        if (nick == null) {
            return IQ.createResultIQ(request);
        }
        RoomState state = occupiedRoom(request);
        if (nick.equals(state.nick) || state.occupants.containsKey(nick)) {
            return IQ.createResultIQ(request);
        }
        throw new StanzaErrorException(StanzaError.of(Condition.item_not_found, "no occupant has that nick"));
    }

    /** See {@link UserRooms#admin}. */
    IQ admin(IQ request, LegacyAddress room) throws StanzaErrorException, LegacyException {
        if (request.getTo().getResource() != null) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "send admin requests to the room"));
        }
        RoomState state = occupiedRoom(request);
        List<Moderation> actions = new ArrayList<>();
        for (Element item : request.getChildElement().elements("item")) {
            actions.add(moderation(state, item));
        }
        if (actions.isEmpty()) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "an admin request needs an item"));
        }
        LegacySession session = rooms.requireSession();
        for (Moderation action : actions) {
            session.moderate(room, action);
        }
        return IQ.createResultIQ(request);
    }

    /** See {@link UserRooms#adminList}. */
    IQ adminList(IQ request) throws StanzaErrorException, LegacyException {
        if (request.getTo().getResource() != null) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "send admin requests to the room"));
        }
        return lists.answer(request, occupiedRoom(request));
    }

    /**
     * See {@link UserRooms#owner}. A {@code get} is answered with the form (section 10.2); a {@code set} carries a
     * submitted form (the changes go to the network), a cancelled form (nothing changes, section 10.2), or a
     * {@code <destroy/>} (section 10.9), which a gateway cannot do to a legacy room.
     */
    IQ owner(IQ request) throws StanzaErrorException, LegacyException {
        if (request.getTo().getResource() != null) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "send owner requests to the room"));
        }
        RoomState state = occupiedRoom(request);
        Element query = request.getChildElement();
        IQ result = IQ.createResultIQ(request);
        if (request.getType() == IQ.Type.get) {
            Element answer = result.setChildElement("query", MucNamespaces.MUC_OWNER);
            answer.add(RoomConfigForm.render(rooms.requireSession().roomConfiguration(state.address)));
            return result;
        }
        if (query.element("destroy") != null) {
            throw new StanzaErrorException(StanzaError.of(Condition.feature_not_implemented,
                    "a room of the legacy network cannot be destroyed from here"));
        }
        Optional<Element> form = DataForms.find(query);
        if (form.isEmpty()) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "send a muc#roomconfig form"));
        }
        String type = form.get().attributeValue("type", "");
        if (type.equals("cancel")) {
            return result;
        }
        if (!type.equals("submit")) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "submit the form (type submit)"));
        }
        rooms.requireSession().configureRoom(state.address, RoomConfigForm.parse(form.get()));
        return result;
    }

    private Moderation moderation(RoomState state, Element item) throws StanzaErrorException {
        String nick = item.attributeValue("nick");
        if (nick == null) {
            nick = nickOf(state, item.attributeValue("jid"));
        }
        String role = item.attributeValue("role");
        String affiliation = item.attributeValue("affiliation");
        String reason = Optional.ofNullable(item.elementText("reason")).orElse("");
        if (role != null && affiliation != null || role == null && affiliation == null) {
            // Section 9 (business rules): an item changes either the role or the affiliation.
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "an item sets either a role or an affiliation"));
        }
        if (role != null) {
            return switch (role) {
                case "none" -> new Moderation.Kick(nick, reason);
                case "visitor" -> new Moderation.SetRole(nick, Role.VISITOR);
                case "participant" -> new Moderation.SetRole(nick, Role.PARTICIPANT);
                case "moderator" -> new Moderation.SetRole(nick, Role.MODERATOR);
                default -> throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "unknown role"));
            };
        }
        return switch (affiliation) {
            case "outcast" -> new Moderation.Ban(nick, reason);
            case "none" -> new Moderation.SetAffiliation(nick, Affiliation.NONE);
            case "member" -> new Moderation.SetAffiliation(nick, Affiliation.MEMBER);
            case "admin" -> new Moderation.SetAffiliation(nick, Affiliation.ADMIN);
            case "owner" -> new Moderation.SetAffiliation(nick, Affiliation.OWNER);
            default -> throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "unknown affiliation"));
        };
    }

    private String nickOf(RoomState state, String jid) throws StanzaErrorException {
        if (jid != null) {
            for (Occupant occupant : state.occupants.values()) {
                Optional<JID> shown = rooms.contactJid(occupant);
                if (shown.isPresent() && shown.get().toBareJID().equals(new JID(jid).toBareJID())) {
                    return occupant.nick();
                }
            }
        }
        throw new StanzaErrorException(StanzaError.of(Condition.item_not_found, "no occupant has that address"));
    }

    /** See {@link UserRooms#listRooms}. */
    IQ listRooms(IQ request, LegacyAddress service) throws StanzaErrorException, LegacyException {
        LegacySession session = rooms.host.session().orElseThrow(() -> new NotConnectedException(
                "You are not logged in to the gateway: send it your presence first."));
        PageRequest page = RoomPaging.request(request.getChildElement(), UserRooms.DEFAULT_PAGE, rooms.domain);
        Page<RoomListing> listing = session.listRooms(service, page);
        List<JID> jids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RoomListing entry : listing.items()) {
            try {
                jids.add(rooms.contacts.toJid(entry.room()));
                names.add(XmlChars.strip(entry.room().display()));
            } catch (IllegalArgumentException e) {
                LOG.warn("room listing entry dropped: {}", e.getMessage());
            }
        }
        IQ result = IQ.createResultIQ(request);
        result.setChildElement(RoomPaging.items(request.getChildElement().attributeValue("node"), jids, names,
                listing.firstIndex(), listing.total()));
        return result;
    }
}
