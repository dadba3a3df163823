package im.switchboard.core;

import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.GatewaySettings.RegistrationLimits;
import im.switchboard.core.spi.Capability;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/** XEP-0077 in-band registration on the gateway domain, as XEP-0100 sections 4.1 and 4.3 use it; THREATS G1/G5/G6. */
@Timeout(30)
class RegistrationTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final GatewayHarness gw = new GatewayHarness().started();

    {
        gw.network.account("romeo", "R0m30");
    }

    @AfterEach
    void close() {
        gw.close();
    }

    static IQ await(GatewayHarness gw, String id) {
        return (IQ) gw.out.await(p -> p instanceof IQ && id.equals(p.getID()), WAIT);
    }

    static void assertError(IQ reply, PacketError.Condition condition, PacketError.Type type, String textPart) {
        assertEquals(IQ.Type.error, reply.getType(), reply.toXML());
        assertEquals(condition, reply.getError().getCondition(), reply.toXML());
        assertEquals(type, reply.getError().getType(), reply.toXML());
        if (!textPart.isEmpty()) {
            String text = reply.getError().getText();
            assertTrue(text != null && text.contains(textPart), "'" + text + "' names '" + textPart + "'");
        }
    }

    private void storeRomeo() {
        gw.registrations.save(new Registration("romeo@montague.lit", Map.of("username", "romeo", "nick", "Romeo"),
                Map.of("password", Secret.of("R0m30"))));
    }

    private static String legacySet(String id, String from, String fields) {
        return """
                <iq type='set' from='%s/orchard' to='fake.shakespeare.lit' id='%s'>
                  <query xmlns='jabber:iq:register'>%s</query>
                </iq>""".formatted(from, id, fields);
    }

    @Test
    void formForAnUnregisteredUserHasLegacyFieldsAndADataForm() {
        // XEP-0077 section 3.1 (legacy fields) and section 4 (data form with FORM_TYPE jabber:iq:register).
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='reg1'>
                  <query xmlns='jabber:iq:register'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='reg1'>
                  <query xmlns='jabber:iq:register'>
                    <instructions>Enter your Fake Network user name and password.</instructions>
                    <username/>
                    <password/>
                    <nick/>
                    <x xmlns='jabber:x:data' type='form'>
                      <title>Fake Network registration</title>
                      <instructions>Enter your Fake Network user name and password.</instructions>
                      <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
                      <field type='text-single' var='username' label='User name'>
                        <desc>Your Fake Network user name</desc><required/>
                      </field>
                      <field type='text-private' var='password' label='Password'>
                        <desc>Your Fake Network password</desc><required/>
                      </field>
                      <field type='text-single' var='nick' label='Nickname'>
                        <desc>How contacts see you</desc>
                      </field>
                    </x>
                  </query>
                </iq>""", await(gw, "reg1"));
    }

    @Test
    void formForARegisteredUserShowsRegisteredAndValuesButNeverTheSecret() {
        // XEP-0077 section 3.1 ("Host Informs Entity of Current Registration"); THREATS G3: no secret echoed.
        storeRomeo();
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='reg2'>
                  <query xmlns='jabber:iq:register'/>
                </iq>""");
        IQ reply = await(gw, "reg2");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='reg2'>
                  <query xmlns='jabber:iq:register'>
                    <instructions>*</instructions>
                    <registered/>
                    <username>romeo</username>
                    <password/>
                    <nick>Romeo</nick>
                    <x xmlns='jabber:x:data' type='form'>
                      <title>*</title>
                      <instructions>*</instructions>
                      <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
                      <field type='text-single' var='username' label='User name'>
                        <desc>*</desc><required/><value>romeo</value>
                      </field>
                      <field type='text-private' var='password' label='Password'>
                        <desc>*</desc><required/>
                      </field>
                      <field type='text-single' var='nick' label='Nickname'>
                        <desc>*</desc><value>Romeo</value>
                      </field>
                    </x>
                  </query>
                </iq>""", reply);
        assertFalse(reply.toXML().contains("R0m30"));
    }

    @Test
    void legacyRegistrationIsStoredAndTheGatewaySubscribes() {
        // XEP-0077 section 3.1; XEP-0100 section 4.1 step 8: the gateway asks for the user's presence.
        gw.receive(legacySet("reg3", "romeo@montague.lit",
                "<username>romeo</username><password>R0m30</password>"));
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='reg3'/>""",
                await(gw, "reg3"));
        Registration stored = gw.registrations.find("romeo@montague.lit").orElseThrow();
        assertEquals(Map.of("username", "romeo"), stored.fields());
        assertEquals("R0m30", stored.secrets().get("password").reveal());
        gw.out.awaitStanza("""
                <presence type='subscribe' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://switchboard.im' ver='*'/>
                </presence>""", WAIT);
    }

    @Test
    void dataFormRegistrationIsStoredAndTheSessionUsesTheStoredPassword() {
        // XEP-0077 section 4 (extensibility: submitting the data form); the session logs in with what was registered.
        gw.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='reg4'>
                  <query xmlns='jabber:iq:register'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
                      <field var='username'><value>romeo</value></field>
                      <field var='password'><value>R0m30</value></field>
                      <field var='nick'><value>Romeo</value></field>
                    </x>
                  </query>
                </iq>""");
        assertEquals(IQ.Type.result, await(gw, "reg4").getType());
        assertEquals(Map.of("username", "romeo", "nick", "Romeo"),
                gw.registrations.find("romeo@montague.lit").orElseThrow().fields());
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        gw.network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        assertEquals("romeo", gw.network.loginUsername("romeo@montague.lit").orElseThrow());
    }

    @Test
    void g1UndeclaredFieldIsNotAcceptable() {
        gw.receive(legacySet("g1a", "romeo@montague.lit",
                "<username>romeo</username><password>R0m30</password><email>r@m.lit</email>"));
        assertError(await(gw, "g1a"), PacketError.Condition.not_acceptable, PacketError.Type.modify, "email");
        assertTrue(gw.registrations.find("romeo@montague.lit").isEmpty());
        assertTrue(gw.bridge.validationThreads().isEmpty(), "no bridge call");
    }

    @Test
    void g1MissingRequiredFieldIsNotAcceptable() {
        // XEP-0077 section 3.1: "neglected to provide all of the required information".
        gw.receive(legacySet("g1b", "romeo@montague.lit", "<username>romeo</username>"));
        assertError(await(gw, "g1b"), PacketError.Condition.not_acceptable, PacketError.Type.modify, "password");
        assertTrue(gw.registrations.find("romeo@montague.lit").isEmpty());
    }

    @Test
    void g1TooLongValueIsNotAcceptable() {
        gw.receive(legacySet("g1c", "romeo@montague.lit",
                "<username>" + "r".repeat(65) + "</username><password>R0m30</password>"));
        assertError(await(gw, "g1c"), PacketError.Condition.not_acceptable, PacketError.Type.modify, "username");
        assertTrue(gw.registrations.find("romeo@montague.lit").isEmpty());
    }

    @Test
    void g1ControlCharactersAreNotAcceptable() {
        for (String bad : List.of("&#13;", "&#10;", "&#9;")) {
            String id = "g1d" + bad.hashCode();
            gw.receive(legacySet(id, "romeo@montague.lit",
                    "<username>romeo" + bad + "PRIVMSG x</username><password>R0m30</password>"));
            assertError(await(gw, id), PacketError.Condition.not_acceptable, PacketError.Type.modify, "username");
        }
        assertTrue(gw.registrations.find("romeo@montague.lit").isEmpty());
        assertTrue(gw.bridge.validationThreads().isEmpty(), "no bridge call");
    }

    @Test
    void wrongCredentialsAreNotAcceptableAndNothingIsStored() {
        // XEP-0100 section 4.1, alternate flow A1: the gateway answers not-acceptable when the legacy service
        // refuses the credentials.
        gw.receive(legacySet("bad1", "romeo@montague.lit", "<username>romeo</username><password>wrong</password>"));
        assertError(await(gw, "bad1"), PacketError.Condition.not_acceptable, PacketError.Type.modify, "");
        assertTrue(gw.registrations.find("romeo@montague.lit").isEmpty());
        assertTrue(gw.out.matching(p -> p instanceof Presence).isEmpty(), "no subscribe");
    }

    @Test
    void validationRunsOffTheReaderThread() {
        // The caller of packetReceived stands for the link's reader thread.
        gw.receive(legacySet("thr", "romeo@montague.lit", "<username>romeo</username><password>R0m30</password>"));
        assertEquals(IQ.Type.result, await(gw, "thr").getType());
        Thread validation = gw.bridge.validationThreads().getFirst();
        assertNotSame(Thread.currentThread(), validation);
        assertTrue(validation.isVirtual(), validation.toString());
    }

    @Test
    void userOfAnotherDomainIsForbiddenWithoutBridgeCallOrStorage() {
        // THREATS X2; XEP-0077 section 3.1 error cases.
        gw.receive(legacySet("x2", "iago@venice.lit", "<username>romeo</username><password>R0m30</password>"));
        assertError(await(gw, "x2"), PacketError.Condition.forbidden, PacketError.Type.auth, "");
        assertTrue(gw.registrations.all().isEmpty());
        assertTrue(gw.bridge.validationThreads().isEmpty());
    }

    @Test
    void registeredUserUpdatesNickAndPasswordAtomically() {
        // XEP-0077 section 3.3 (changing the password) without re-registering; no second subscribe.
        storeRomeo();
        gw.network.account("romeo", "n3w");
        gw.receive(legacySet("upd", "romeo@montague.lit",
                "<username>romeo</username><password>n3w</password><nick>Romeo M.</nick>"));
        assertEquals(IQ.Type.result, await(gw, "upd").getType());
        Registration stored = gw.registrations.find("romeo@montague.lit").orElseThrow();
        assertEquals(Map.of("username", "romeo", "nick", "Romeo M."), stored.fields());
        assertEquals("n3w", stored.secrets().get("password").reveal());
        assertTrue(gw.out.matching(p -> p instanceof Presence).isEmpty(), "no subscribe on update");
        // The next login uses the new password (the fake network accepts only the account's password).
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        gw.network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
    }

    @Test
    void updateWithAnEmptyPasswordKeepsTheStoredOne() {
        // Secrets are never shown back, so a re-submitted pre-filled form carries an empty password.
        storeRomeo();
        gw.receive(legacySet("upd2", "romeo@montague.lit", "<username>romeo</username><password/><nick>R</nick>"));
        assertEquals(IQ.Type.result, await(gw, "upd2").getType());
        Registration stored = gw.registrations.find("romeo@montague.lit").orElseThrow();
        assertEquals("R0m30", stored.secrets().get("password").reveal());
        assertEquals("R", stored.fields().get("nick"));
    }

    @Test
    void removeClosesTheSessionDeletesAndCancelsTheSubscriptions() {
        // XEP-0077 section 3.2; XEP-0100 section 4.3; THREATS G6.
        storeRomeo();
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        gw.network.awaitLoggedIn("romeo@montague.lit", true, WAIT);
        gw.out.clear();
        gw.receive(legacySet("unreg1", "romeo@montague.lit", "<remove/>"));
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='unreg1'/>""",
                await(gw, "unreg1"));
        assertTrue(gw.registrations.find("romeo@montague.lit").isEmpty());
        gw.network.awaitLoggedIn("romeo@montague.lit", false, WAIT);
        for (String type : List.of("unsubscribe", "unsubscribed")) {
            gw.out.awaitStanza("""
                    <presence type='%s' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                      <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://switchboard.im' ver='*'/>
                    </presence>""".formatted(type), WAIT);
        }
        gw.out.await(p -> p instanceof Presence presence && presence.getType() == Presence.Type.unavailable
                && "romeo@montague.lit".equals(presence.getTo().toString()), WAIT);
    }

    @Test
    void removeByAnUnregisteredUserIsRegistrationRequired() {
        // XEP-0077 section 3.2, error table: "was not previously registered".
        gw.receive(legacySet("unreg2", "romeo@montague.lit", "<remove/>"));
        assertError(await(gw, "unreg2"), PacketError.Condition.registration_required, PacketError.Type.auth, "");
    }

    @Test
    void removeWithOtherChildrenIsBadRequest() {
        storeRomeo();
        gw.receive(legacySet("unreg3", "romeo@montague.lit", "<remove/><username>romeo</username>"));
        assertError(await(gw, "unreg3"), PacketError.Condition.bad_request, PacketError.Type.modify, "remove");
        assertTrue(gw.registrations.find("romeo@montague.lit").isPresent());
    }

    @Test
    void anErrorNeverEchoesTheSubmittedPassword() {
        // XEP-0077 section 3.3: errors about a password change do not return the original XML (THREATS G3).
        gw.receive(legacySet("echo1", "romeo@montague.lit",
                "<username>romeo</username><password>Sup3r-S3cret-Echo</password>"));
        String reply = await(gw, "echo1").toXML();
        assertTrue(reply.contains("not-acceptable"), reply);
        assertFalse(reply.contains("Sup3r-S3cret-Echo"), reply);
    }

    @Test
    void g1RegistrationAttemptsAreRateLimitedPerUser() {
        for (int i = 0; i < 5; i++) {
            gw.receive(legacySet("rl" + i, "romeo@montague.lit",
                    "<username>romeo</username><password>guess" + i + "</password>"));
            assertError(await(gw, "rl" + i), PacketError.Condition.not_acceptable, PacketError.Type.modify, "");
        }
        gw.receive(legacySet("rl5", "romeo@montague.lit", "<username>romeo</username><password>R0m30</password>"));
        assertError(await(gw, "rl5"), PacketError.Condition.resource_constraint, PacketError.Type.wait, "");
        assertEquals(5, gw.bridge.validationThreads().size());
        assertTrue(gw.registrations.find("romeo@montague.lit").isEmpty());
    }

    @Test
    void twentyParallelRegistrationsAreAllStored() throws Exception {
        try (GatewayHarness many = new GatewayHarness(GatewaySettings.of(GatewayHarness.DOMAIN,
                Set.of("montague.lit")).withRegistrationLimits(new RegistrationLimits(5, 100, Duration.ofMinutes(1))),
                EnumSet.allOf(Capability.class)).started()) {
            List<Thread> senders = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 20; i++) {
                String name = "user" + i;
                many.network.account(name, "pw" + i);
                senders.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    many.receive(legacySet("p-" + name, name + "@montague.lit",
                            "<username>" + name + "</username><password>pw" + name.substring(4) + "</password>"));
                }));
            }
            go.countDown();
            for (Thread t : senders) {
                t.join(WAIT.toMillis());
            }
            List<Packet> results = many.out.awaitCount(p -> p instanceof IQ iq && iq.getID().startsWith("p-"), 20,
                    WAIT);
            assertTrue(results.stream().allMatch(p -> ((IQ) p).getType() == IQ.Type.result), results.toString());
            assertEquals(20, many.registrations.all().size());
        }
    }

    @Test
    void afterRegistrationTheGatewayAcceptsTheUsersSubscription() {
        // XEP-0100 section 4.1 steps 9-12.
        gw.receive(legacySet("sub1", "romeo@montague.lit", "<username>romeo</username><password>R0m30</password>"));
        assertEquals(IQ.Type.result, await(gw, "sub1").getType());
        gw.receive("<presence type='subscribe' from='romeo@montague.lit' to='fake.shakespeare.lit'/>");
        gw.out.awaitStanza("""
                <presence type='subscribed' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://switchboard.im' ver='*'/>
                </presence>""", WAIT);
    }

    @Test
    void aServerCannotRegister() {
        gw.receive("""
                <iq type='set' from='montague.lit' to='fake.shakespeare.lit' id='srv'>
                  <query xmlns='jabber:iq:register'><username>romeo</username><password>R0m30</password></query>
                </iq>""");
        assertError(await(gw, "srv"), PacketError.Condition.not_allowed, PacketError.Type.cancel, "users");
        assertTrue(gw.registrations.all().isEmpty());
    }
}
