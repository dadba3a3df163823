package im.switchboard.core.muc;

import im.switchboard.core.error.LegacyErrors;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.stanza.StanzaIds;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;

/**
 * XMPP to network: the messages the user's resources send to rooms and occupants (XEP-0045 sections 7.4
 * groupchat, 7.5 private messages, 7.8.2 mediated invitations, 8.1 subject changes). Confined to the user's actor.
 */
final class UserRoomMessages {

    private static final Logger LOG = LoggerFactory.getLogger(UserRoomMessages.class);

    private final RoomDirectory rooms;

    UserRoomMessages(RoomDirectory rooms) {
        this.rooms = rooms;
    }

    /** A message from one of the user's resources to a room or occupant JID. */
    void onMessage(Message message, LegacyAddress room) {
        JID to = message.getTo();
        RoomState state = rooms.get(to);
        boolean occupant = rooms.occupiedBy(to, message.getFrom()) != null;
        Element userX = message.getChildElement("x", MucNamespaces.MUC_USER);
        String nick = to.getResource();
        try {
            if (nick == null) {
                if (userX != null && userX.element("invite") != null) {
                    invite(room, userX, occupant);
                } else if (message.getType() == Message.Type.groupchat) {
                    groupchat(message, state, occupant);
                } else if (message.getBody() != null) {
                    throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                            "send messages to the room as type groupchat"));
                }
            } else {
                privateMessage(message, room, nick, occupant);
            }
        } catch (StanzaErrorException e) {
            rooms.refuse(message, e.error());
        } catch (LegacyException e) {
            rooms.refuse(message, LegacyErrors.of(e));
        } catch (RuntimeException e) {
            LOG.error("the bridge failed on a room message", e);
            rooms.refuse(message, StanzaError.of(Condition.internal_server_error));
        }
    }

    private static StanzaErrorException notInRoom(String text) {
        return new StanzaErrorException(new StanzaError(Condition.not_acceptable, Type.cancel, text));
    }

    private void groupchat(Message message, RoomState state, boolean occupant)
            throws StanzaErrorException, LegacyException {
        if (!occupant) {
            // Section 7.4: the service does not route groupchat messages from non-occupants.
            throw notInRoom("you are not in this room");
        }
        LegacySession session = rooms.requireSession();
        String body = message.getBody();
        String subject = message.getSubject();
        if (subject != null && body == null) {
            // Section 8.1: a message with a subject and no body changes the subject.
            session.setRoomSubject(state.address, subject);
            return;
        }
        if (body == null) {
            return;
        }
        String id = message.getID() == null || message.getID().isEmpty() ? StanzaIds.next() : message.getID();
        session.sendRoomMessage(new OutgoingMessage(id, state.address, body, false));
        rooms.counters.messageToLegacy();
    }

    private void privateMessage(Message message, LegacyAddress room, String nick, boolean occupant)
            throws StanzaErrorException, LegacyException {
        if (message.getType() == Message.Type.groupchat) {
            // Section 7.5: groupchat messages go to the room, never to one occupant.
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "a groupchat message goes to the room's bare address"));
        }
        if (!occupant) {
            // Section 7.5: only occupants send private messages.
            throw notInRoom("you are not in this room");
        }
        if (message.getBody() == null) {
            return;
        }
        LegacyAddress contact = rooms.codec.occupantContact(room, nick).orElseThrow(() -> new StanzaErrorException(
                StanzaError.of(Condition.feature_not_implemented, "private messages are not possible here")));
        String id = message.getID() == null ? "" : message.getID();
        boolean receipt = message.getChildElement("request", "urn:xmpp:receipts") != null;
        rooms.requireSession().sendMessage(new OutgoingMessage(id, contact, message.getBody(), receipt));
        rooms.counters.messageToLegacy();
    }

    /** Section 7.8.2: mediated invitations; each invitee is a contact JID on this gateway. */
    private void invite(LegacyAddress room, Element userX, boolean occupant)
            throws StanzaErrorException, LegacyException {
        if (!occupant) {
            throw notInRoom("enter the room before inviting others");
        }
        List<LegacyAddress> invitees = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Element invite : userX.elements("invite")) {
            invitees.add(invitee(invite.attributeValue("to")));
            String reason = invite.elementText("reason");
            reasons.add(reason == null ? "" : reason);
        }
        LegacySession session = rooms.requireSession();
        for (int i = 0; i < invitees.size(); i++) {
            session.invite(room, invitees.get(i), reasons.get(i));
        }
    }

    private LegacyAddress invitee(String to) throws StanzaErrorException {
        JID jid;
        try {
            jid = to == null ? null : new JID(to);
        } catch (IllegalArgumentException e) {
            jid = null;
        }
        if (jid == null || jid.getNode() == null || !rooms.domain.equals(jid.getDomain())) {
            throw new StanzaErrorException(new StanzaError(Condition.jid_malformed, Type.modify,
                    "invite a contact of this gateway (name@" + rooms.domain + ")"));
        }
        try {
            LegacyAddress address = rooms.codec.decode(jid.getNode());
            if (address.isRoom()) {
                throw new InvalidAddressException("a room cannot be invited");
            }
            return address;
        } catch (InvalidAddressException e) {
            throw new StanzaErrorException(LegacyErrors.of(e));
        }
    }
}
