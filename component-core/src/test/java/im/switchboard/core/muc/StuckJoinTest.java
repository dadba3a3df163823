package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.GatewaySettings;
import im.switchboard.core.spi.RoomJoinFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Presence;

/**
 * A join the bridge never answers: after the gateway's {@code room-join-timeout} the user gets the XEP-0045
 * section 7.2 error presence with {@code remote-server-timeout} (RFC 6120 section 8.3.3.15) instead of waiting
 * forever (THREATS C1: nothing waits without a deadline); a late answer still puts them in.
 */
@Timeout(60)
class StuckJoinTest {

    private final MucHarness h = new MucHarness(s -> s.withRooms(
            new GatewaySettings.RoomOptions(Duration.ofMillis(300), false)));

    @AfterEach
    void close() {
        h.close();
    }

    private void joinSilentRoom() {
        h.rooms.silent("verona");
        h.receive("""
                <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo' id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        h.await("""
                <presence type='error' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                    id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                  <error type='wait' by='#verona@fake.shakespeare.lit'>
                    <remote-server-timeout xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </presence>""");
    }

    @Test
    void anUnansweredJoinEndsWithRemoteServerTimeout() {
        joinSilentRoom();
        assertEquals(1, h.rooms.joinRequests().size(), "the join was sent once and is not retried by the core");
    }

    @Test
    void aLateAnswerStillPutsTheUserIn() {
        joinSilentRoom();
        h.rooms.answerHeldJoins();
        h.await("""
                <presence from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard' id='*'>
                  <x xmlns='http://jabber.org/protocol/muc#user'>
                    <item affiliation='none' role='participant' jid='romeo@montague.lit/orchard'/>
                    <status code='100'/>
                    <status code='110'/>
                  </x>
                </presence>""");
        // and the room works: a message reaches the network
        h.receive("""
                <message type='groupchat' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='m1'>
                  <body>Did my heart love till now?</body>
                </message>""");
        assertEquals("Did my heart love till now?", h.rooms.awaitSaid(1, MucHarness.WAIT).get(0).body());
    }

    @Test
    void aJoinAnsweredInTimeGetsNoTimeoutError() {
        h.join(ORCHARD, "romeo");
        // A stuck join of another room, sent after: its deadline comes after #verona's, so once its error is here
        // #verona's deadline has passed on the actor too.
        h.rooms.silent("padua");
        h.receive("""
                <presence from='romeo@montague.lit/orchard' to='#padua@fake.shakespeare.lit/romeo' id='p1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        h.await("""
                <presence type='error' from='#padua@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                    id='p1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                  <error type='wait' by='#padua@fake.shakespeare.lit'>
                    <remote-server-timeout xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </presence>""");
        assertEquals(1, h.out.matching(p -> p instanceof Presence pr && pr.getType() == Presence.Type.error).size(),
                "only #padua's join timed out");
    }

    @Test
    void theTimeoutMapsToRemoteServerTimeout() {
        var error = UserRooms.joinError(RoomJoinFailure.TIMED_OUT, "x");
        assertEquals("remote-server-timeout", error.condition().toXMPP());
        assertEquals("wait", error.type().toXMPP());
    }
}
