package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewaySettings;
import im.switchboard.core.caps.Caps;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.stats.Counters;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * The gateway's presence for a connection state (XEP-0100 sections 4.4 and 4.5) goes only to a user with an
 * available resource: an always-on session connects and reconnects while its user is offline, and their server
 * would only discard those presences. A user who comes back learns the state of now from the probe their server
 * sends (RFC 6121 section 4.3).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionStatePresenceTest {

    private static final String DOMAIN = "fake.shakespeare.lit";
    private static final String ROMEO = "romeo@montague.lit";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Registration ALWAYS_ON = new Registration(ROMEO,
            Map.of(FakeBridge.ALWAYS_ON_FIELD, "true"));

    private final FakeNetwork network = new FakeNetwork();
    private final FakeBridge bridge = new FakeBridge(network);
    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private final SessionManager sessions;

    ConnectionStatePresenceTest() {
        Counters counters = new Counters();
        Outbox outbox = new Outbox(counters, Duration.ofSeconds(5));
        outbox.bind(out);
        sessions = SessionManager.builder(bridge, GatewaySettings.of(DOMAIN, Set.of("montague.lit")))
                .presences(new GatewayPresences(DOMAIN, () -> new Caps(GatewaySettings.DEFAULT_CAPS_NODE, "test")))
                .outbox(outbox).counters(counters).stillRegistered(user -> true).build();
    }

    @AfterEach
    void close() {
        sessions.closeAll(Duration.ofSeconds(5));
    }

    private void drainActor() throws Exception {
        IQ marker = new IQ(IQ.Type.result, "marker");
        assertEquals(marker, sessions.askRooms(ALWAYS_ON, rooms -> marker).get(10, TimeUnit.SECONDS));
    }

    private List<Packet> presencesToRomeo() {
        return out.matching(p -> p instanceof Presence && p.getTo().toBareJID().equals(ROMEO));
    }

    private void presence(String attributes) {
        Presence presence = (Presence) Stanzas.parse("<presence from='" + ROMEO + "/orchard' to='" + DOMAIN + "'"
                + attributes + "/>");
        assertTrue(sessions.offerPresence(ALWAYS_ON, presence, Optional.empty()));
    }

    @Test
    void anOfflineUserGetsNoConnectionStateAndAnOnlineOneDoes() throws Exception {
        sessions.openKeptSessions(List.of(ALWAYS_ON));
        network.awaitLoggedIn(ROMEO, true, WAIT);
        drainActor();
        // Connecting, connected and a drop, all while Romeo is offline: not one presence.
        network.dropConnection(ROMEO, "ping timeout");
        assertTrue(presencesToRomeo().isEmpty(), presencesToRomeo().toString());

        // Romeo comes online: his server's probe is answered with the state of now.
        presence("");
        presence(" type='probe'");
        Packet now = out.await(p -> p instanceof Presence pr && pr.getTo().toBareJID().equals(ROMEO), WAIT);
        Stanzas.assertStanza("""
                <presence from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' type='unavailable'>
                  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='*' ver='*'/>
                </presence>""", now);
        // While he is online, a change of state reaches him.
        network.dropConnection(ROMEO, "netsplit");
        out.awaitStanza("""
                <presence from='fake.shakespeare.lit' to='romeo@montague.lit' type='unavailable'>
                  <status>netsplit</status>
                  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='*' ver='*'/>
                </presence>""", WAIT);

        // Offline again (the always-on session stays): nothing more.
        presence(" type='unavailable'");
        drainActor();
        int before = presencesToRomeo().size();
        network.dropConnection(ROMEO, "another netsplit");
        assertEquals(before, presencesToRomeo().size(), presencesToRomeo().toString());
    }
}
