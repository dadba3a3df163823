package im.switchboard.core.muc;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Role;
import im.switchboard.core.stanza.StanzaIds;
import im.switchboard.core.stanza.XmlChars;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Presence;

/**
 * Builds the stanzas a room sends, in the shapes of the XEP-0045 examples. Pure; every text goes through
 * {@link XmlChars#strip} (THREATS X6).
 */
final class MucStanzas {

    private MucStanzas() {
    }

    /**
     * What an occupant presence says (section 7.2.3): the item and the status codes.
     *
     * @param role        the role ({@code none} when the occupant is gone)
     * @param affiliation the affiliation
     * @param jid         the {@code jid} of the item, if shown
     * @param newNick     the new nick of a 303 presence (section 7.6), if any
     * @param actor       who kicked or banned (sections 8.2, 9.1), if known
     * @param reason      the reason, or empty
     * @param codes       the status codes in the order they are printed
     */
    record Item(String role, String affiliation, Optional<JID> jid, Optional<String> newNick,
            Optional<String> actor, String reason, List<StatusCode> codes) {
    }

    static String role(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    static String affiliation(Affiliation affiliation) {
        return affiliation.name().toLowerCase(Locale.ROOT);
    }

    /** An occupant's presence from {@code from} (room/nick) to one resource. */
    static Presence presence(JID from, JID to, boolean available, Item item, Presence.Show show, String status) {
        Presence p = available ? new Presence() : new Presence(Presence.Type.unavailable);
        p.setID(StanzaIds.next());
        p.setFrom(from);
        p.setTo(to);
        if (available && show != null) {
            p.setShow(show);
        }
        String text = XmlChars.strip(status);
        if (!text.isEmpty()) {
            p.setStatus(text);
        }
        Element x = p.getElement().addElement("x", MucNamespaces.MUC_USER);
        Element e = x.addElement("item").addAttribute("affiliation", item.affiliation())
                .addAttribute("role", item.role());
        item.jid().ifPresent(jid -> e.addAttribute("jid", jid.toString()));
        item.newNick().ifPresent(nick -> e.addAttribute("nick", XmlChars.strip(nick)));
        item.actor().ifPresent(actor -> e.addElement("actor").addAttribute("nick", XmlChars.strip(actor)));
        String reason = XmlChars.strip(item.reason());
        if (!reason.isEmpty()) {
            e.addElement("reason").setText(reason);
        }
        for (StatusCode code : item.codes()) {
            x.addElement("status").addAttribute("code", Integer.toString(code.code()));
        }
        return p;
    }

    /** A groupchat message (section 7.4) from {@code from} to one resource. */
    static Message groupchat(JID from, JID to, String id, String body) {
        Message m = new Message();
        m.setType(Message.Type.groupchat);
        m.setID(id);
        m.setFrom(from);
        m.setTo(to);
        m.setBody(XmlChars.strip(body));
        return m;
    }

    /** The XEP-0203 delay of a message that was said at {@code at}, stamped by the room (section 7.2.14). */
    static void delay(Message m, JID room, Instant at) {
        m.getElement().addElement("delay", MucNamespaces.DELAY).addAttribute("from", room.toBareJID())
                .addAttribute("stamp", DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS)));
    }

    /** The XEP-0359 id the room gave a message (section 3: {@code by} is the room). */
    static void stanzaId(Message m, JID room, String id) {
        stanzaId(m, room.toBareJID(), id);
    }

    /**
     * The same with the room's bare JID as a string: a room message goes to each of the user's resources, and
     * this is on the relay's path (one element per message with history on), so the names are made once.
     */
    static void stanzaId(Message m, String roomBareJid, String id) {
        String clean = XmlChars.strip(id);
        if (!clean.isEmpty()) {
            Element element = m.getElement().addElement(STANZA_ID);
            element.addAttribute(BY, roomBareJid);
            element.addAttribute(ID, clean);
        }
    }

    private static final QName STANZA_ID = QName.get("stanza-id", MucNamespaces.STANZA_ID);
    private static final QName BY = QName.get("by");
    private static final QName ID = QName.get("id");

    /** One history message (section 7.2.14): delayed, from the nick that said it. */
    static Message history(JID room, JID from, JID to, HistoryEntry entry) {
        Message m = groupchat(from, to, StanzaIds.next(), entry.body());
        delay(m, room, entry.at());
        entry.stanzaId().ifPresent(id -> stanzaId(m, room, id));
        return m;
    }

    /**
     * The subject message (sections 7.2.15 and 8.1): a {@code <subject/>} and no body; an empty subject element
     * when the room has none.
     */
    static Message subject(JID from, JID to, String text) {
        Message m = new Message();
        m.setType(Message.Type.groupchat);
        m.setID(StanzaIds.next());
        m.setFrom(from);
        m.setTo(to);
        m.getElement().addElement("subject").setText(XmlChars.strip(text));
        return m;
    }

    /** A mediated invitation from the room (section 7.8.2). */
    static Message invitation(JID room, JID to, JID from, String reason) {
        Message m = new Message();
        m.setID(StanzaIds.next());
        m.setFrom(room);
        m.setTo(to);
        Element invite = m.getElement().addElement("x", MucNamespaces.MUC_USER).addElement("invite")
                .addAttribute("from", from.toString());
        String text = XmlChars.strip(reason);
        if (!text.isEmpty()) {
            invite.addElement("reason").setText(text);
        }
        return m;
    }

    /** A presence error from the room (section 7.2.x): {@code <error by='room'>}. */
    static Presence presenceError(JID from, JID to, String id, StanzaError error, JID room) {
        Presence p = new Presence(Presence.Type.error);
        if (id != null) {
            p.setID(id);
        }
        p.setFrom(from);
        p.setTo(to);
        p.getElement().addElement("x", MucNamespaces.MUC);
        p.setError(error.toPacketError());
        p.getElement().element("error").addAttribute("by", room.toBareJID());
        return p;
    }
}
