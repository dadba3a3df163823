package im.switchboard.app;

import im.switchboard.app.testing.XmppTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0045 from the client's side, in raw stanzas through {@link XmppTestClient} (so every status code and item
 * stays visible to the test): entering, leaving, groupchat messages, subject, nick change, kicks and roles.
 */
final class IrcRooms {

    private IrcRooms() {
    }

    /** XEP-0045 section 7.2.2: presence to room/nick with the MUC element; history off so the test sees only new. */
    static void sendJoin(XmppTestClient client, String channel, String nick) {
        client.sendRawXml("<presence to='" + IrcTestGateway.occupant(channel, nick) + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>");
    }

    /** Joins and returns the self-presence (status 110, section 7.2.3). */
    static Presence join(XmppTestClient client, String channel, String nick) {
        sendJoin(client, channel, nick);
        return awaitSelfPresence(client, channel);
    }

    /** The next presence from the room carrying status 110 (section 7.2.3: "this presence refers to you"). */
    static Presence awaitSelfPresence(XmppTestClient client, String channel) {
        return client.awaitPresence(fromRoom(channel).and(p -> codes(p).contains(110)), IrcTestGateway.WAIT);
    }

    /** Section 7.14: unavailable presence to the occupant JID. */
    static void leave(XmppTestClient client, String channel, String nick) {
        client.send(client.connection().getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.unavailable)
                .to(JidCreate.fromOrThrowUnchecked(IrcTestGateway.occupant(channel, nick))).build());
    }

    /** Section 7.4: a groupchat message to the room. */
    static void say(XmppTestClient client, String channel, String body) {
        client.send(client.connection().getStanzaFactory().buildMessageStanza().ofType(Message.Type.groupchat)
                .to(JidCreate.fromOrThrowUnchecked(IrcTestGateway.room(channel))).setBody(body).build());
    }

    /** Section 8.1: a groupchat message with only a subject. */
    static void setSubject(XmppTestClient client, String channel, String subject) {
        client.send(client.connection().getStanzaFactory().buildMessageStanza().ofType(Message.Type.groupchat)
                .to(JidCreate.fromOrThrowUnchecked(IrcTestGateway.room(channel))).setSubject(subject).build());
    }

    /** A groupchat message from {@code room/nick} with this body. */
    static Message awaitGroupchat(XmppTestClient client, String channel, String nick, String body) {
        return client.awaitMessage(m -> m.getType() == Message.Type.groupchat && m.getFrom() != null
                && m.getFrom().toString().equals(IrcTestGateway.occupant(channel, nick))
                && body.equals(m.getBody()), IrcTestGateway.WAIT);
    }

    /** Presence from the room (any occupant). */
    static Predicate<Presence> fromRoom(String channel) {
        return p -> p.getFrom() != null && p.getFrom().asBareJid().toString().equals(IrcTestGateway.room(channel));
    }

    /** Presence from {@code room/nick}. */
    static Predicate<Presence> fromOccupant(String channel, String nick) {
        return p -> p.getFrom() != null && p.getFrom().toString().equals(IrcTestGateway.occupant(channel, nick));
    }

    /** The XEP-0045 status codes of a stanza. */
    static Set<Integer> codes(Stanza stanza) {
        MUCUser user = MUCUser.from(stanza);
        if (user == null) {
            return Set.of();
        }
        return user.getStatus().stream().map(MUCUser.Status::getCode).collect(Collectors.toSet());
    }

    /** The occupant's role, or null without an item. */
    static MUCRole role(Presence presence) {
        MUCUser user = MUCUser.from(presence);
        MUCItem item = user == null ? null : user.getItem();
        return item == null ? null : item.getRole();
    }

    /** The item's nick (section 7.6: the new nick in the unavailable presence with 303). */
    static String itemNick(Presence presence) {
        MUCUser user = MUCUser.from(presence);
        MUCItem item = user == null ? null : user.getItem();
        return item == null || item.getNick() == null ? null : item.getNick().toString();
    }

    /** The nicks present in {@code presences} (available ones from {@code channel}). */
    static List<String> nicks(List<Presence> presences, String channel) {
        return presences.stream().filter(fromRoom(channel)).filter(p -> p.getType() == Presence.Type.available)
                .map(p -> p.getFrom().getResourceOrEmpty().toString()).toList();
    }

    /** Waits for the occupant presence of {@code nick} that satisfies {@code also}. */
    static Presence awaitOccupant(XmppTestClient client, String channel, String nick, Predicate<Presence> also,
            Duration timeout) {
        return client.awaitPresence(fromOccupant(channel, nick).and(also), timeout);
    }
}
