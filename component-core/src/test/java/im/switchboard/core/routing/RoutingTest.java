package im.switchboard.core.routing;

import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewayComponent;
import im.switchboard.core.GatewaySettings;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.testing.fake.FakeBridge;
import im.switchboard.core.testing.fake.FakeNetwork;
import im.switchboard.core.testing.stanza.RecordingStanzaOutput;
import im.switchboard.core.testing.stanza.Stanzas;
import im.switchboard.registration.InMemoryRegistrationStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError.Condition;

/**
 * RFC 6120 section 8.2.3 (every get/set gets exactly one reply; responses are not answered), section 8.3.1 (no
 * error in reply to an error) and Biboumi's error-by-default guard.
 */
@Timeout(30)
class RoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingStanzaOutput out = new RecordingStanzaOutput();
    private final CompletableFuture<IQ> slow = new CompletableFuture<>();
    private GatewayComponent component;

    @BeforeEach
    void start() throws LegacyException {
        component = new GatewayComponent(new FakeBridge(new FakeNetwork()), new InMemoryRegistrationStore(),
                GatewaySettings.of("fake.shakespeare.lit", Set.of("montague.lit")));
        component.addIqHandler(Target.DOMAIN, "urn:example:throws", IQ.Type.get, request -> {
            throw new IllegalStateException("handler bug");
        }, false);
        component.addIqHandler(Target.DOMAIN, "urn:example:null", IQ.Type.get, IqHandler.sync(request -> null),
                false);
        component.addIqHandler(Target.DOMAIN, "urn:example:wrong-type", IQ.Type.get,
                IqHandler.sync(request -> new IQ(IQ.Type.set)), false);
        component.addIqHandler(Target.DOMAIN, "urn:example:legacy", IQ.Type.set, request -> {
            throw new RateLimitedException("slow down");
        }, false);
        component.addIqHandler(Target.DOMAIN, "urn:example:specific", IQ.Type.get, request -> {
            throw new StanzaErrorException(StanzaError.of(Condition.not_allowed));
        }, false);
        component.addIqHandler(Target.DOMAIN, "urn:example:later", IQ.Type.get, request -> slow, false);
        component.start(out);
    }

    @AfterEach
    void close() {
        component.close();
    }

    private void get(String namespace, String id) {
        component.packetReceived(Stanzas.parse("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='%s'>
                  <q xmlns='%s'/>
                </iq>""".formatted(id, namespace)));
    }

    private void assertOnlyError(String id, String condition, String type) {
        var replies = out.matching(p -> id.equals(p.getID()));
        assertEquals(1, replies.size(), "exactly one reply to " + id);
        var reply = stripText(replies.getFirst());
        String ns = reply.getElement().elements().getFirst().getNamespaceURI();
        assertStanza("""
                <iq type='error' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='%s'>
                  <%s xmlns='%s'/>
                  <error type='%s'><%s xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
                </iq>""".formatted(id, reply.getElement().elements().getFirst().getName(), ns, type, condition),
                reply);
    }

    private static org.xmpp.packet.Packet stripText(org.xmpp.packet.Packet p) {
        org.xmpp.packet.Packet copy = p.createCopy();
        var error = copy.getElement().element("error");
        var text = error.element("text");
        if (text != null) {
            error.remove(text);
        }
        return copy;
    }

    @Test
    void anIqWithoutATypeStillGetsExactlyOneBadRequest() {
        // RFC 6120 section 8.2.3: a request gets one reply, even a malformed one.
        component.packetReceived(Stanzas.parse("""
                <iq from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='t1'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>"""));
        assertOnlyError("t1", "bad-request", "modify");
    }

    @Test
    void anIqOfAnUnknownTypeStillGetsExactlyOneBadRequest() {
        component.packetReceived(Stanzas.parse("""
                <iq type='query' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='t2'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>"""));
        assertOnlyError("t2", "bad-request", "modify");
    }

    @Test
    void addressesAreNormalisedBeforeRouting() {
        // THREATS G8: the link does not stringprep; a mixed-case sender and domain are the same entities.
        component.packetReceived(Stanzas.parse("""
                <iq type='get' from='Romeo@Montague.LIT/orchard' to='Fake.Shakespeare.LIT' id='t3'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>"""));
        IQ reply = (IQ) out.awaitCount(p -> "t3".equals(p.getID()), 1, WAIT).getFirst();
        assertEquals(IQ.Type.result, reply.getType());
        assertEquals("romeo@montague.lit/orchard", reply.getTo().toString());
    }

    @Test
    void aThrowingHandlerYieldsExactlyOneInternalServerError() {
        get("urn:example:throws", "a1");
        assertOnlyError("a1", "internal-server-error", "cancel");
    }

    @Test
    void aHandlerThatAnswersNothingYieldsAnError() {
        get("urn:example:null", "a2");
        assertOnlyError("a2", "internal-server-error", "cancel");
    }

    @Test
    void aHandlerThatAnswersWithANonResultYieldsAnError() {
        get("urn:example:wrong-type", "a3");
        assertOnlyError("a3", "internal-server-error", "cancel");
    }

    @Test
    void aLegacyFailureIsMapped() {
        component.packetReceived(Stanzas.parse("""
                <iq type='set' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='a4'>
                  <q xmlns='urn:example:legacy'/>
                </iq>"""));
        assertOnlyError("a4", "resource-constraint", "wait");
    }

    @Test
    void aSpecificStanzaErrorIsKept() {
        get("urn:example:specific", "a5");
        assertOnlyError("a5", "not-allowed", "cancel");
    }

    @Test
    void aLateAnswerIsSentOnceWhenItCompletes() {
        get("urn:example:later", "a6");
        assertTrue(out.packets().isEmpty());
        IQ reply = new IQ(IQ.Type.result);
        slow.complete(reply);
        var replies = out.awaitCount(p -> "a6".equals(p.getID()), 1, WAIT);
        assertStanza("<iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='a6'/>",
                replies.getFirst());
    }

    @Test
    void aWrongTypeForAKnownNamespaceIsServiceUnavailable() {
        component.packetReceived(Stanzas.parse("""
                <iq type='set' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='a8'>
                  <query xmlns='jabber:iq:version'/>
                </iq>"""));
        assertOnlyError("a8", "service-unavailable", "cancel");
    }

    @Test
    void resultsAndErrorsAreNeverAnswered() {
        component.packetReceived(Stanzas.parse("""
                <iq type='result' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='unknown'/>"""));
        component.packetReceived(Stanzas.parse("""
                <iq type='error' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='unknown2'>
                  <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
                </iq>"""));
        component.packetReceived(Stanzas.parse("""
                <message type='error' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit'>
                  <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
                </message>"""));
        component.packetReceived(Stanzas.parse("""
                <presence type='error' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'>
                  <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
                </presence>"""));
        // Errors from a stranger's domain are not answered either (no forbidden for an error).
        component.packetReceived(Stanzas.parse("""
                <message type='error' from='mallory@evil.test' to='juliet@fake.shakespeare.lit'/>"""));
        assertTrue(out.packets().isEmpty(), () -> "answered: " + out.packets());
    }

    @Test
    void aResponseCompletesTheRequestWeSent() throws Exception {
        IQ ping = new IQ(IQ.Type.get);
        ping.setTo("montague.lit");
        ping.setChildElement("ping", "urn:xmpp:ping");
        CompletableFuture<IQ> answer = component.sendRequest(ping);
        IQ sent = (IQ) out.packets().getFirst();
        // A response from someone else with the same id completes nothing.
        component.packetReceived(Stanzas.parse("""
                <iq type='result' from='mallory@montague.lit' to='fake.shakespeare.lit' id='%s'/>"""
                .formatted(sent.getID())));
        assertTrue(!answer.isDone());
        component.packetReceived(Stanzas.parse("""
                <iq type='result' from='montague.lit' to='fake.shakespeare.lit' id='%s'/>"""
                .formatted(sent.getID())));
        assertEquals(sent.getID(), answer.get(10, TimeUnit.SECONDS).getID());
        assertEquals(1, out.packets().size(), "the response itself was not answered");
    }

    @Test
    void stanzasForAnotherDomainAreDropped() {
        component.packetReceived(Stanzas.parse("""
                <iq type='get' from='romeo@montague.lit/orchard' to='other.shakespeare.lit' id='x1'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>"""));
        assertTrue(out.packets().isEmpty());
    }
}
