package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.ROMEO;
import static im.switchboard.core.muc.MucHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;

/**
 * A network that sends a join to another room (IRC's channel forward, ERR_LINKCHANNEL 470): the join fails with
 * the {@code redirect} stanza error (RFC 6120 section 8.3.3.14, type {@code modify}) whose element holds the new
 * room's {@code xmpp:} URI (RFC 5122), as XEP-0045 section 7.2 error presence.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RoomRedirectTest {

    private final MucHarness h = new MucHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aForwardedJoinIsRedirectedToTheNewRoomsUri() {
        h.rooms.forward("verona", "mantua");
        h.receive("""
                <presence from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit/romeo' id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                </presence>""");
        h.await("""
                <presence type='error' from='#verona@fake.shakespeare.lit/romeo' to='romeo@montague.lit/orchard'
                    id='j1'>
                  <x xmlns='http://jabber.org/protocol/muc'/>
                  <error type='modify' by='#verona@fake.shakespeare.lit'>
                    <redirect xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:%23mantua@fake.shakespeare.lit</redirect>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>verona forwards to mantua</text>
                  </error>
                </presence>""");
        // not in any room and not online to the gateway: the session the join opened closes again
        h.network.awaitLoggedIn(ROMEO, false, WAIT);
    }

    @Test
    void theUriPercentEncodesWhatANodeCannotHoldInAnIri() {
        // RFC 5122 section 2.2: '#' would start a fragment and '%' an escape; nodeallow characters stay
        assertEquals("xmpp:%23to%25irc.example.net@irc.gw",
                NetworkRoomFacts.xmppUri(new JID("#to%irc.example.net@irc.gw")));
        assertEquals("xmpp:a!$()*+,;=-._~b@x.example", NetworkRoomFacts.xmppUri(new JID("a!$()*+,;=-._~b@x.example")));
        assertEquals("xmpp:%C3%A9@x.example", NetworkRoomFacts.xmppUri(new JID("\u00e9@x.example")));
    }
}
