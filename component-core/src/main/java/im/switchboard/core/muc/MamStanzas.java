package im.switchboard.core.muc;

import im.switchboard.core.history.ArchivePage;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.stanza.StanzaIds;
import im.switchboard.core.stanza.XmlChars;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

/**
 * Builds the stanzas of a room archive (XEP-0313), in the shapes of its examples. Pure; every text goes through
 * {@link XmlChars#strip} (THREATS X6).
 */
final class MamStanzas {

    /** XEP-0297: the wrapper of a forwarded stanza. */
    static final String FORWARD = "urn:xmpp:forward:0";
    /** The namespace of the archived stanza inside {@code <forwarded/>} (XEP-0313 section 4.2 examples). */
    static final String CLIENT = "jabber:client";

    private MamStanzas() {
    }

    /**
     * One result (sections 4.2 and 6): from the room's bare JID to the asking resource, a {@code <result/>} with the
     * query id and the archive id, around the XEP-0297 forwarded message with its XEP-0203 delay. The archived
     * message has no {@code to} and comes from the occupant JID of its sender (section 6), carries its archive id
     * as its XEP-0359 stanza id, and nothing else the sender could have put there (the muc#user spoofing warning of
     * section 10 does not arise: only the body is stored).
     *
     * @param from the occupant JID of the sender, or the room when the nick makes no JID
     */
    static Message result(JID room, JID to, Optional<String> queryId, JID from, HistoryEntry entry) {
        String id = ArchivePage.id(entry);
        Message m = new Message();
        m.setID(StanzaIds.next());
        m.setFrom(room.toBareJID());
        m.setTo(to);
        Element result = m.getElement().addElement("result", MucArchiveHandler.NAMESPACE);
        queryId.ifPresent(q -> result.addAttribute("queryid", q));
        result.addAttribute("id", XmlChars.strip(id));
        Element forwarded = result.addElement("forwarded", FORWARD);
        forwarded.addElement("delay", MucNamespaces.DELAY).addAttribute("stamp",
                DateTimeFormatter.ISO_INSTANT.format(entry.at().truncatedTo(ChronoUnit.MILLIS)));
        Element archived = forwarded.addElement(QName.get("message", CLIENT));
        archived.addAttribute("from", from.toString());
        archived.addAttribute("type", "groupchat");
        archived.addAttribute("id", XmlChars.strip(id));
        archived.addElement(QName.get("body", CLIENT)).setText(XmlChars.strip(entry.body()));
        archived.addElement("stanza-id", MucNamespaces.STANZA_ID).addAttribute("by", room.toBareJID())
                .addAttribute("id", XmlChars.strip(id));
        return m;
    }

    /**
     * The end of the results (section 4.3): {@code <fin/>} with {@code complete} and the XEP-0059 {@code <set/>}:
     * {@code <first/>} and {@code <last/>} (the archive ids of the page's oldest and newest entries) and
     * {@code <count/>} when it is known; an empty page has no first and last.
     */
    static Element fin(List<HistoryEntry> page, boolean complete, Optional<Integer> count) {
        Element fin = DocumentHelper.createElement(QName.get("fin", MucArchiveHandler.NAMESPACE));
        fin.addAttribute("complete", Boolean.toString(complete));
        Element set = fin.addElement("set", MucNamespaces.RSM);
        if (!page.isEmpty()) {
            set.addElement("first").setText(XmlChars.strip(ArchivePage.id(page.getFirst())));
            set.addElement("last").setText(XmlChars.strip(ArchivePage.id(page.getLast())));
        }
        count.ifPresent(n -> set.addElement("count").setText(Integer.toString(n)));
        return fin;
    }

    /**
     * The query form (section 4.1.5): FORM_TYPE and the fields this archive understands, none required. The
     * {@code urn:xmpp:mam:2#extended} fields ({@code before-id}, {@code after-id}, {@code ids}) are not offered.
     */
    static Element form() {
        Element query = DocumentHelper.createElement(QName.get("query", MucArchiveHandler.NAMESPACE));
        Element x = DataForms.form("form", "", "");
        DataForms.addFormType(x, MucArchiveHandler.NAMESPACE);
        x.addElement("field").addAttribute("type", "jid-single").addAttribute("var", "with");
        x.addElement("field").addAttribute("type", "text-single").addAttribute("var", "start");
        x.addElement("field").addAttribute("type", "text-single").addAttribute("var", "end");
        query.add(x);
        return query;
    }
}
