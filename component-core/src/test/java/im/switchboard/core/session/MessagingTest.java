package im.switchboard.core.session;

import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.spi.ChatState;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * XEP-0100 sections 4.8 and 5.3 (messages both ways), XEP-0085 chat states, XEP-0184 receipts, XEP-0203 delays,
 * THREATS X9 (no surprise sends) and X11 (one flooding user does not affect others).
 */
@Timeout(60)
class MessagingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ROMEO = "romeo@montague.lit";
    private static final String JULIET = "juliet@capulet.lit";

    private final FakeNetwork network = new FakeNetwork().withUsers("juliet", "nurse", "tybalt");
    private final InMemoryRegistrationStore registrations = new InMemoryRegistrationStore();
    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private GatewayComponent component;

    @BeforeEach
    void start() throws LegacyException {
        registrations.save(new Registration(ROMEO, Map.of()));
        registrations.save(new Registration(JULIET, Map.of()));
        component = new GatewayComponent(new FakeBridge(network), registrations,
                GatewaySettings.of("fake.shakespeare.lit", Set.of("montague.lit", "capulet.lit"))
                        .withMailboxCapacity(8));
        component.start(out);
    }

    @AfterEach
    void close() {
        component.close();
    }

    private void receive(String xml) {
        component.packetReceived(Stanzas.parse(xml));
    }

    private void logIn(String fullJid) {
        receive("<presence from='" + fullJid + "' to='fake.shakespeare.lit'/>");
        network.awaitLoggedIn(fullJid.substring(0, fullJid.indexOf('/')), true, WAIT);
    }

    private List<Packet> messagesTo(String bareJid) {
        return out.matching(p -> p instanceof Message && p.getTo().toBareJID().equals(bareJid));
    }

    @Test
    void aMessageReachesTheLegacyContactAndTheEchoComesBack() {
        logIn("romeo@montague.lit/orchard");
        receive("""
                <message type='chat' from='romeo@montague.lit/orchard' to='echo@fake.shakespeare.lit' id='m1'>
                  <body>But soft, what light through yonder window breaks?</body>
                </message>""");
        var received = network.awaitReceived("echo", 1, WAIT);
        assertEquals(new FakeNetwork.Received(ROMEO, "But soft, what light through yonder window breaks?", "m1",
                false), received.getFirst());
        Packet echo = out.await(p -> p instanceof Message m && m.getBody() != null, WAIT);
        assertStanza("""
                <message type='chat' from='echo@fake.shakespeare.lit' to='romeo@montague.lit' id='*'>
                  <body>But soft, what light through yonder window breaks?</body>
                  <active xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""", echo);
        assertEquals(1, component.statistics().messagesToLegacy());
        assertEquals(1, component.statistics().messagesToXmpp());
    }

    @Test
    void aThousandMessagesFromOneUserArriveInOrder() {
        logIn("romeo@montague.lit/orchard");
        int n = 1000;
        int refused = 0;
        for (int i = 0; i < n; i++) {
            long before = component.statistics().refusedFull();
            receive("""
                    <message type='chat' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit'
                        id='o%d'><body>%d</body></message>""".formatted(i, i));
            if (component.statistics().refusedFull() > before) {
                // The mailbox (8) was full: the sender got resource-constraint; wait for room, then resend.
                refused++;
                network.awaitReceived("juliet", Math.max(1, i - 7), WAIT);
                i--;
            }
        }
        var received = network.awaitReceived("juliet", n, WAIT);
        assertEquals(n, received.size());
        for (int i = 0; i < n; i++) {
            assertEquals(Integer.toString(i), received.get(i).body(), "message " + i + " out of order");
        }
        assertEquals(refused, component.statistics().refusedFull());
    }

    @Test
    void aFloodingUserIsRefusedWhileAnotherUsersMessagesStillFlow() {
        // THREATS X11: Romeo's actor is stuck in a slow login and his mailbox fills; Juliet is not affected.
        logIn("juliet@capulet.lit/balcony");
        network.holdConnects();
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        int floods = 30;
        for (int i = 0; i < floods; i++) {
            receive("""
                    <message type='chat' from='romeo@montague.lit/orchard' to='nurse@fake.shakespeare.lit'
                        id='f%d'><body>flood %d</body></message>""".formatted(i, i));
        }
        List<Packet> refusals = out.awaitCount(p -> p instanceof Message m && m.getType() == Message.Type.error
                && Stanzas.matches("""
                        <message type='error' from='nurse@fake.shakespeare.lit' to='romeo@montague.lit/orchard'
                            id='*'>
                          <body>*</body>
                          <error type='wait'>
                            <resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                          </error>
                        </message>""", m), floods - 8, WAIT);
        assertTrue(refusals.size() >= floods - 8);
        receive("""
                <message type='chat' from='juliet@capulet.lit/balcony' to='echo@fake.shakespeare.lit' id='j1'>
                  <body>My bounty is as boundless as the sea</body>
                </message>""");
        network.awaitReceived("echo", 1, WAIT);
        out.await(p -> p instanceof Message m && JULIET.equals(m.getTo().toBareJID()) && m.getBody() != null,
                WAIT);
        network.releaseConnects();
        // What was accepted is delivered after the login, in order; nothing refused is sent later (X9).
        var nurse = network.awaitReceived("nurse", floods - refusals.size(), WAIT);
        for (int i = 1; i < nurse.size(); i++) {
            int a = Integer.parseInt(nurse.get(i - 1).body().substring(6));
            int b = Integer.parseInt(nurse.get(i).body().substring(6));
            assertTrue(a < b, "order kept");
        }
        assertEquals(floods, nurse.size() + refusals.size());
    }

    @Test
    void aFloodOfMessagesDoesNotKeepTheUnavailablePresenceOut() {
        // THREATS X11, C3: messages may not take the mailbox's last slots, so the user's log-out still arrives.
        network.holdConnects();
        receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        for (int i = 0; i < 30; i++) {
            receive("""
                    <message type='chat' from='romeo@montague.lit/orchard' to='nurse@fake.shakespeare.lit'
                        id='g%d'><body>flood %d</body></message>""".formatted(i, i));
        }
        out.await(p -> p instanceof Message m && m.getType() == Message.Type.error, WAIT);
        receive("<presence type='unavailable' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        network.releaseConnects();
        // XEP-0100 section 4.5 step 4: the log-out was processed, so the gateway goes unavailable for Romeo.
        out.await(p -> p instanceof org.xmpp.packet.Presence pr
                && pr.getType() == org.xmpp.packet.Presence.Type.unavailable
                && "romeo@montague.lit".equals(pr.getTo().toBareJID()), WAIT);
        assertFalse(network.isLoggedIn("romeo@montague.lit"));
    }

    @Test
    void idleActorsEndAndComeBackOnDemand() throws Exception {
        // CONVENTIONS concurrency / THREATS C3: no thread per idle user; order survives the restart.
        try (GatewayComponent quick = new GatewayComponent(new FakeBridge(network), registrations,
                GatewaySettings.of("quick.shakespeare.lit", Set.of("montague.lit"))
                        .withActorIdleTimeout(Duration.ofMillis(20)))) {
            RecordingStanzaOutput quickOut = new RecordingStanzaOutput();
            quick.start(quickOut);
            quick.packetReceived(Stanzas.parse("<presence from='romeo@montague.lit/orchard' "
                    + "to='quick.shakespeare.lit'/>"));
            network.awaitLoggedIn(ROMEO, true, WAIT);
            for (int round = 1; round <= 3; round++) {
                awaitNoRunningActor(quick);
                quick.packetReceived(Stanzas.parse("""
                        <message type='chat' from='romeo@montague.lit/orchard' to='nurse@quick.shakespeare.lit'>
                          <body>round %d</body>
                        </message>""".formatted(round)));
                assertEquals("round " + round, network.awaitReceived("nurse", round, WAIT).get(round - 1).body());
            }
        }
    }

    private static void awaitNoRunningActor(GatewayComponent gateway) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.runningActors() > 0) {
            assertTrue(System.nanoTime() < deadline, "the idle actor kept its thread");
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void aMessageWithoutALoginIsAnErrorAndNeverSentLater() {
        // THREATS X9.
        receive("""
                <message type='chat' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit' id='x9'>
                  <body>Are you there?</body>
                </message>""");
        Packet error = out.await(p -> "x9".equals(p.getID()), WAIT);
        assertStanza("""
                <message type='error' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='x9'>
                  <body>Are you there?</body>
                  <error type='wait'>
                    <remote-server-timeout xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""", error);
        logIn("romeo@montague.lit/orchard");
        receive("<presence type='probe' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        out.await(p -> "romeo@montague.lit/orchard".equals(p.getTo().toString())
                && p.getElement().getName().equals("presence"), WAIT);
        assertTrue(network.received("juliet").isEmpty());
    }

    @Test
    void anOfflineRecipientIsRecipientUnavailable() {
        logIn("romeo@montague.lit/orchard");
        network.setOnline("tybalt", false);
        receive("""
                <message type='chat' from='romeo@montague.lit/orchard' to='tybalt@fake.shakespeare.lit' id='t1'>
                  <body>Tybalt, the reason that I have to love thee</body>
                </message>""");
        assertStanza("""
                <message type='error' from='tybalt@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='t1'>
                  <body>Tybalt, the reason that I have to love thee</body>
                  <error type='wait'>
                    <recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>tybalt is not online on the fake network.</text>
                  </error>
                </message>""", out.await(p -> "t1".equals(p.getID()), WAIT));
        assertEquals(1, component.statistics().errorsSent());
    }

    @Test
    void aMalformedContactIsJidMalformed() {
        logIn("romeo@montague.lit/orchard");
        receive("""
                <message type='chat' from='romeo@montague.lit/orchard' to='not*valid@fake.shakespeare.lit' id='b1'>
                  <body>?</body>
                </message>""");
        Packet error = out.await(p -> "b1".equals(p.getID()), WAIT);
        assertTrue(Stanzas.matches("""
                <message type='error' from='not*valid@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='b1'>
                  <body>?</body>
                  <error type='modify'>
                    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </message>""", error), error.toXML());
    }

    @Test
    void receiptRequestsArePassedThroughAndDeliveryBecomesAReceipt() {
        // XEP-0184 sections 5.1 and 5.2.
        logIn("romeo@montague.lit/orchard");
        receive("""
                <message type='chat' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit'
                    id='richard2-4.1.247'>
                  <body>My lord, dispatch; read o'er these articles.</body>
                  <request xmlns='urn:xmpp:receipts'/>
                </message>""");
        assertTrue(network.awaitReceived("juliet", 1, WAIT).getFirst().receiptRequested());
        assertStanza("""
                <message type='chat' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit' id='*'>
                  <received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/>
                </message>""", out.await(p -> p.getElement().element("received") != null, WAIT));
    }

    @Test
    void chatStatesFlowBothWays() throws Exception {
        // XEP-0085 section 5.
        logIn("romeo@montague.lit/orchard");
        receive("""
                <message type='chat' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit' id='cs1'>
                  <composing xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""");
        assertEquals(new FakeNetwork.ReceivedChatState(ROMEO, ChatState.COMPOSING),
                network.awaitChatStates("juliet", 1, WAIT).getFirst());
        assertTrue(network.received("juliet").isEmpty(), "a standalone notification is not a message");
        network.sendChatState("juliet", ROMEO, ChatState.PAUSED);
        assertStanza("""
                <message type='chat' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit' id='*'>
                  <paused xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""", out.await(p -> p.getElement().element("paused") != null, WAIT));
    }

    @Test
    void chatStatesAreNotForwardedWithoutTheCapability() throws Exception {
        try (GatewayComponent plain = new GatewayComponent(new FakeBridge(network, Set.of()), registrations,
                GatewaySettings.of("plain.shakespeare.lit", Set.of("montague.lit")))) {
            RecordingStanzaOutput plainOut = new RecordingStanzaOutput();
            plain.start(plainOut);
            plain.packetReceived(Stanzas.parse("<presence from='romeo@montague.lit/orchard' "
                    + "to='plain.shakespeare.lit'/>"));
            network.awaitLoggedIn(ROMEO, true, WAIT);
            plain.packetReceived(Stanzas.parse("""
                    <message type='chat' from='romeo@montague.lit/orchard' to='juliet@plain.shakespeare.lit'>
                      <composing xmlns='http://jabber.org/protocol/chatstates'/>
                    </message>"""));
            plain.packetReceived(Stanzas.parse("""
                    <message type='chat' from='romeo@montague.lit/orchard' to='juliet@plain.shakespeare.lit'>
                      <body>plain</body>
                    </message>"""));
            network.awaitReceived("juliet", 1, WAIT);
            network.sendChatState("juliet", ROMEO, ChatState.COMPOSING);
            network.send("juliet", ROMEO, "hello");
            Packet hello = plainOut.await(p -> p instanceof Message m && m.getBody() != null, WAIT);
            assertStanza("""
                    <message type='chat' from='juliet@plain.shakespeare.lit' to='romeo@montague.lit' id='*'>
                      <body>hello</body>
                    </message>""", hello);
            assertTrue(network.received("juliet").size() == 1);
            assertFalse(plainOut.packets().stream().anyMatch(p -> p.getElement().element("composing") != null));
        }
    }

    @Test
    void aLegacyTimestampBecomesADelay() throws Exception {
        // XEP-0203 section 4 (stamp in UTC per XEP-0082).
        logIn("romeo@montague.lit/orchard");
        network.send("juliet", ROMEO, "Good night, good night!",
                Optional.of(Instant.parse("2002-09-10T23:08:25Z")));
        assertStanza("""
                <message type='chat' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit' id='*'>
                  <body>Good night, good night!</body>
                  <active xmlns='http://jabber.org/protocol/chatstates'/>
                  <delay xmlns='urn:xmpp:delay' from='fake.shakespeare.lit' stamp='2002-09-10T23:08:25Z'/>
                </message>""", out.await(p -> p instanceof Message m && m.getBody() != null, WAIT));
        assertEquals(1, messagesTo(ROMEO).size());
    }
}
