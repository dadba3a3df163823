package im.switchboard.app;

import static im.switchboard.app.IrcTestGateway.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.Ngircd;
import im.switchboard.irc.testing.RawIrcClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.muc.MUCRole;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IRC bridge end to end against ngircd (Debian's package), reached in plain text on loopback. No server
 * password for romeo here: ngircd without a configured password refuses any PASS ("Bad server password"), which
 * one test uses on purpose.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NgircdBridgeIT extends AbstractIrcBridgeIT {

    @TempDir
    static Path workDir;

    @Override
    IrcServerProcess startIrc() {
        return Ngircd.builder().start();
    }

    @Override
    IrcTestGateway.Target target(IrcServerProcess server) {
        return IrcTestGateway.Target.plain(server);
    }

    @Override
    List<String> xmppUsers() {
        return List.of("romeo", "mallory", "juliet");
    }

    @Override
    Path workDir() {
        return workDir;
    }

    @Test
    @Order(50)
    void aServerThatRefusesTheRegistrationGetsTheJoinAnswered() {
        try (XmppTestClient juliet = stack.loginRegistered("juliet", "juliet")) {
            IrcTestGateway.configureAndRelogin(juliet, Map.of("server-password", secret("Bad")));
            IrcRooms.sendJoin(juliet, CHANNEL, "juliet");
            // XEP-0045 section 7.2: a join is answered; here the server closed the connection ("Bad server
            // password"), so the answer is an error presence from the room.
            Presence error = juliet.awaitPresence(IrcRooms.fromRoom(CHANNEL)
                    .and(p -> p.getType() == Presence.Type.error), WAIT);
            assertNotNull(error.getError(), error.toXML().toString());
        }
    }

    @Test
    @Order(60)
    void anOperatorReadsAndChangesTheRoomConfigurationAndReadsTheBanList() {
        // XEP-0045 sections 10.2 (muc#owner with the muc#roomconfig form) and 9.2 (the ban list) through a real
        // client, gateway and ngircd: the owner's form shows the channel's modes, a submitted form becomes MODE,
        // a ban set with an admin item comes back in the outcast list with the banned user's JID.
        String channel = "#capulets";
        // ngircd makes the first to enter a new channel its operator.
        Presence self = IrcRooms.join(romeo, channel, nick);
        assertEquals(MUCRole.moderator, IrcRooms.role(self), self.toXML().toString());
        alice.send("JOIN " + channel);
        alice.awaitLine(line -> RawIrcClient.hasCommand(line, "366"), WAIT);
        String room = IrcTestGateway.room(channel);
        IQ form = romeo.sendRawIq("<iq type='get' to='" + room + "' id='cfg1'>"
                + "<query xmlns='http://jabber.org/protocol/muc#owner'/></iq>", "cfg1", WAIT);
        String xml = form.toXML().toString();
        assertEquals(IQ.Type.result, form.getType(), xml);
        assertTrue(xml.contains("muc#roomconfig_moderatedroom"), xml);
        alice.clearReceived();
        IQ set = romeo.sendRawIq("<iq type='set' to='" + room + "' id='cfg2'>"
                + "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                + "<field var='muc#roomconfig_moderatedroom'><value>1</value></field>"
                + "</x></query></iq>", "cfg2", WAIT);
        assertEquals(IQ.Type.result, set.getType(), set.toXML().toString());
        alice.awaitLine(line -> line.startsWith(":" + nick + "!") && line.contains(" MODE " + channel + " +m"),
                WAIT);

        IQ ban = romeo.sendRawIq("<iq type='set' to='" + room + "' id='ban1'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='tybalt' affiliation='outcast'/>"
                + "</query></iq>", "ban1", WAIT);
        assertEquals(IQ.Type.result, ban.getType(), ban.toXML().toString());
        alice.awaitLine(line -> line.contains(" MODE " + channel + " +b tybalt!*@*"), WAIT);
        IQ bans = romeo.sendRawIq("<iq type='get' to='" + room + "' id='ban2'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast'/></query></iq>",
                "ban2", WAIT);
        String banXml = bans.toXML().toString();
        assertTrue(banXml.contains("jid='tybalt%localhost@" + IrcTestGateway.DOMAIN + "'")
                && banXml.contains("ban mask tybalt!*@*"), banXml);
        IrcRooms.leave(romeo, channel, nick);
        romeo.awaitPresence(IrcRooms.fromOccupant(channel, nick).and(p -> p.getType() == Presence.Type.unavailable),
                WAIT);
    }
}
