package im.switchboard.core.muc;

/** The namespaces of XEP-0045 and the extensions it is used with. */
public final class MucNamespaces {

    /** XEP-0045 section 7.2.1: the join element. */
    public static final String MUC = "http://jabber.org/protocol/muc";
    /** XEP-0045: occupant information, status codes, invitations. */
    public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    /** XEP-0045 sections 8 and 9: moderation. */
    public static final String MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
    /** XEP-0045 section 10: room owners' requests (configuration, 10.2). */
    public static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
    /** XEP-0045 section 6.4 / XEP-0421: the room keeps the id of a reflected message (muc#stable_id). */
    public static final String MUC_STABLE_ID = "http://jabber.org/protocol/muc#stable_id";
    /** XEP-0045 section 6.4: occupants' real addresses are shown to every occupant. */
    public static final String MUC_NONANONYMOUS = "muc_nonanonymous";
    /** XEP-0203. */
    public static final String DELAY = "urn:xmpp:delay";
    /** XEP-0359. */
    public static final String STANZA_ID = "urn:xmpp:sid:0";
    /** XEP-0059. */
    public static final String RSM = "http://jabber.org/protocol/rsm";
    /** XEP-0199 (XEP-0410 self-ping). */
    public static final String PING = "urn:xmpp:ping";

    private MucNamespaces() {
    }
}
