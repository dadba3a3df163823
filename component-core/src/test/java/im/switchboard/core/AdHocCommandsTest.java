package im.switchboard.core;

import static im.switchboard.core.RegistrationTest.WAIT;
import static im.switchboard.core.RegistrationTest.assertError;
import static im.switchboard.core.RegistrationTest.await;
import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.Capability;
import im.switchboard.registration.Registration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/** XEP-0050 ad-hoc commands on the gateway JID: the user's own registration and the administrators' commands. */
@Timeout(30)
class AdHocCommandsTest {

    private static final String ROMEO = "romeo@montague.lit";
    private static final String ADMIN = "escalus@montague.lit";

    private final GatewayHarness gw = new GatewayHarness(GatewaySettings.of(GatewayHarness.DOMAIN,
            Set.of("montague.lit", "capulet.lit")).withAdmins(Set.of("Escalus@Montague.LIT")),
            EnumSet.allOf(Capability.class)).started();

    {
        gw.network.account("romeo", "R0m30");
        gw.registrations.save(new Registration(ROMEO, Map.of("username", "romeo", "nick", "Romeo"),
                Map.of("password", Secret.of("R0m30"))));
    }

    @AfterEach
    void close() {
        gw.close();
    }

    private IQ execute(String from, String id, String node) {
        gw.receive("""
                <iq type='set' from='%s/orchard' to='fake.shakespeare.lit' id='%s'>
                  <command xmlns='http://jabber.org/protocol/commands' node='%s' action='execute'/>
                </iq>""".formatted(from, id, node));
        return await(gw, id);
    }

    private IQ submit(String from, String id, String node, String sessionId, String fields) {
        gw.receive("""
                <iq type='set' from='%s/orchard' to='fake.shakespeare.lit' id='%s'>
                  <command xmlns='http://jabber.org/protocol/commands' node='%s' sessionid='%s' action='complete'>
                    <x xmlns='jabber:x:data' type='submit'>%s</x>
                  </command>
                </iq>""".formatted(from, id, node, sessionId, fields));
        return await(gw, id);
    }

    private static String sessionId(IQ reply) {
        String id = reply.getChildElement().attributeValue("sessionid");
        assertNotNull(id, reply.toXML());
        return id;
    }

    @Test
    void aRegisteredUserSeesTheUserCommands() {
        // XEP-0050 section 2.2: the list is filtered by who asks.
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='list1'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='list1'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'>
                    <item jid='fake.shakespeare.lit' node='show-registration' name='Show my registration'/>
                    <item jid='fake.shakespeare.lit' node='change-password' name='Change password'/>
                    <item jid='fake.shakespeare.lit' node='unregister' name='Unregister'/>
                    <item jid='fake.shakespeare.lit' node='configure' name='Configure'/>
                  </query>
                </iq>""", await(gw, "list1"));
    }

    @Test
    void anUnregisteredAdminSeesOnlyTheAdminCommands() {
        gw.receive("""
                <iq type='get' from='escalus@montague.lit/palace' to='fake.shakespeare.lit' id='list2'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='escalus@montague.lit/palace' id='list2'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'>
                    <item jid='fake.shakespeare.lit' node='list-users' name='List registered users'/>
                    <item jid='fake.shakespeare.lit' node='unregister-user' name='Unregister a user'/>
                    <item jid='fake.shakespeare.lit' node='statistics' name='Statistics'/>
                  </query>
                </iq>""", await(gw, "list2"));
    }

    @Test
    void anUnregisteredUserSeesNoCommands() {
        gw.receive("""
                <iq type='get' from='benvolio@montague.lit/x' to='fake.shakespeare.lit' id='list3'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='benvolio@montague.lit/x' id='list3'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""", await(gw, "list3"));
    }

    @Test
    void showMyRegistrationCompletesAtOnceWithoutTheSecret() {
        // XEP-0050 section 2.4.1 (simple execution).
        IQ reply = execute(ROMEO, "show1", "show-registration");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='show1'>
                  <command xmlns='http://jabber.org/protocol/commands' node='show-registration' sessionid='*'
                           status='completed'>
                    <x xmlns='jabber:x:data' type='result'>
                      <title>Your registration</title>
                      <field var='username' label='User name'><value>romeo</value></field>
                      <field var='nick' label='Nickname'><value>Romeo</value></field>
                    </x>
                  </command>
                </iq>""", reply);
        assertFalse(reply.toXML().contains("R0m30"));
    }

    @Test
    void changePasswordAsksForTheSecretThenValidatesAndStores() {
        // XEP-0050 section 2.4.2 (multiple stages): executing with a form, then completed.
        IQ form = execute(ROMEO, "pw1", "change-password");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='pw1'>
                  <command xmlns='http://jabber.org/protocol/commands' node='change-password' sessionid='*'
                           status='executing'>
                    <actions execute='complete'><complete/></actions>
                    <x xmlns='jabber:x:data' type='form'>
                      <title>Change password</title>
                      <instructions>*</instructions>
                      <field type='text-private' var='password' label='Password'>
                        <desc>*</desc><required/>
                      </field>
                    </x>
                  </command>
                </iq>""", form);
        gw.network.account("romeo", "n3w");
        IQ done = submit(ROMEO, "pw2", "change-password", sessionId(form),
                "<field var='password'><value>n3w</value></field>");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='pw2'>
                  <command xmlns='http://jabber.org/protocol/commands' node='change-password' sessionid='*'
                           status='completed'>
                    <note type='info'>Password changed.</note>
                  </command>
                </iq>""", done);
        Registration stored = gw.registrations.find(ROMEO).orElseThrow();
        assertEquals("n3w", stored.secrets().get("password").reveal());
        assertEquals("Romeo", stored.fields().get("nick"));
    }

    @Test
    void changePasswordWithAWrongPasswordIsNotAcceptableAndKeepsTheOldOne() {
        IQ form = execute(ROMEO, "pw3", "change-password");
        IQ reply = submit(ROMEO, "pw4", "change-password", sessionId(form),
                "<field var='password'><value>nope</value></field>");
        assertError(reply, PacketError.Condition.not_acceptable, PacketError.Type.modify, "");
        assertEquals("R0m30", gw.registrations.find(ROMEO).orElseThrow().secrets().get("password").reveal());
    }

    @Test
    void changePasswordRefusesOtherFields() {
        // THREATS G1: only the form's fields.
        IQ form = execute(ROMEO, "pw5", "change-password");
        IQ reply = submit(ROMEO, "pw6", "change-password", sessionId(form),
                "<field var='password'><value>n3w</value></field><field var='nick'><value>x</value></field>");
        assertError(reply, PacketError.Condition.not_acceptable, PacketError.Type.modify, "nick");
    }

    @Test
    void unregisterNeedsConfirmationAndThenRemovesEverything() {
        IQ form = execute(ROMEO, "un1", "unregister");
        assertEquals("executing", form.getChildElement().attributeValue("status"));
        IQ done = submit(ROMEO, "un2", "unregister", sessionId(form),
                "<field var='confirm'><value>1</value></field>");
        assertEquals("completed", done.getChildElement().attributeValue("status"), done.toXML());
        assertTrue(gw.registrations.find(ROMEO).isEmpty());
        // The same effects as XEP-0077 <remove/> (XEP-0100 section 4.3, THREATS G6).
        gw.out.awaitStanza("""
                <presence type='unsubscribed' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://switchboard.im' ver='*'/>
                </presence>""", WAIT);
    }

    @Test
    void unregisterWithoutConfirmationKeepsTheRegistration() {
        IQ form = execute(ROMEO, "un3", "unregister");
        IQ done = submit(ROMEO, "un4", "unregister", sessionId(form),
                "<field var='confirm'><value>0</value></field>");
        assertEquals("completed", done.getChildElement().attributeValue("status"));
        assertTrue(gw.registrations.find(ROMEO).isPresent());
    }

    @Test
    void cancelEndsTheSessionAndItCannotBeUsedAgain() {
        // XEP-0050 section 2.4.3 (canceling) and section 4.4 (session-expired).
        IQ form = execute(ROMEO, "c1", "unregister");
        String session = sessionId(form);
        gw.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='c2'>
                  <command xmlns='http://jabber.org/protocol/commands' node='unregister' sessionid='%s'
                           action='cancel'/>
                </iq>""".formatted(session));
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='c2'>
                  <command xmlns='http://jabber.org/protocol/commands' node='unregister' sessionid='%s'
                           status='canceled'/>
                </iq>""".formatted(session), await(gw, "c2"));
        IQ late = submit(ROMEO, "c3", "unregister", session, "<field var='confirm'><value>1</value></field>");
        assertError(late, PacketError.Condition.not_allowed, PacketError.Type.cancel, "");
        assertNotNull(late.getError().getElement().element("session-expired"), late.toXML());
        assertTrue(gw.registrations.find(ROMEO).isPresent());
    }

    @Test
    void anotherRequesterCannotUseASession() {
        IQ form = execute(ROMEO, "s1", "unregister");
        gw.registrations.save(new Registration("benvolio@montague.lit", Map.of("username", "b")));
        IQ reply = submit("benvolio@montague.lit", "s2", "unregister", sessionId(form),
                "<field var='confirm'><value>1</value></field>");
        assertError(reply, PacketError.Condition.bad_request, PacketError.Type.modify, "");
        assertNotNull(reply.getError().getElement().element("bad-sessionid"), reply.toXML());
        assertTrue(gw.registrations.find(ROMEO).isPresent());
    }

    @Test
    void adminCommandsAreForbiddenForOthers() {
        // XEP-0050 section 4.4: "The requesting JID is not allowed to execute the command".
        for (String node : new String[] {"list-users", "unregister-user", "statistics"}) {
            assertError(execute(ROMEO, "f-" + node, node), PacketError.Condition.forbidden, PacketError.Type.auth,
                    "administrators");
        }
    }

    @Test
    void userCommandsAreForbiddenForUnregisteredUsers() {
        assertError(execute("benvolio@montague.lit", "f2", "show-registration"), PacketError.Condition.forbidden,
                PacketError.Type.auth, "register");
    }

    @Test
    void unknownNodeIsItemNotFound() {
        assertError(execute(ROMEO, "nf", "self-destruct"), PacketError.Condition.item_not_found,
                PacketError.Type.cancel, "");
    }

    @Test
    void adminListsRegisteredUsers() {
        gw.registrations.save(new Registration("juliet@capulet.lit", Map.of("username", "juliet")));
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='escalus@montague.lit/orchard' id='a1'>
                  <command xmlns='http://jabber.org/protocol/commands' node='list-users' sessionid='*'
                           status='completed'>
                    <x xmlns='jabber:x:data' type='result'>
                      <title>Registered users</title>
                      <field var='count' label='Registered users'><value>2</value></field>
                      <field var='users' label='Users' type='jid-multi'>
                        <value>juliet@capulet.lit</value>
                        <value>romeo@montague.lit</value>
                      </field>
                    </x>
                  </command>
                </iq>""", execute(ADMIN, "a1", "list-users"));
    }

    @Test
    void adminUnregistersAUser() {
        IQ form = execute(ADMIN, "a2", "unregister-user");
        assertEquals("executing", form.getChildElement().attributeValue("status"));
        IQ done = submit(ADMIN, "a3", "unregister-user", sessionId(form),
                "<field var='jid'><value>Romeo@Montague.lit</value></field>");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='escalus@montague.lit/orchard' id='a3'>
                  <command xmlns='http://jabber.org/protocol/commands' node='unregister-user' sessionid='*'
                           status='completed'>
                    <note type='info'>romeo@montague.lit is unregistered.</note>
                  </command>
                </iq>""", done);
        assertTrue(gw.registrations.find(ROMEO).isEmpty());
        gw.out.awaitStanza("""
                <presence type='unsubscribe' from='fake.shakespeare.lit' to='romeo@montague.lit'>
                  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://switchboard.im' ver='*'/>
                </presence>""", WAIT);
    }

    @Test
    void adminSeesStatistics() {
        gw.receive("<presence from='romeo@montague.lit/orchard' to='fake.shakespeare.lit'/>");
        gw.network.awaitLoggedIn(ROMEO, true, WAIT);
        IQ reply = execute(ADMIN, "a4", "statistics");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='escalus@montague.lit/orchard' id='a4'>
                  <command xmlns='http://jabber.org/protocol/commands' node='statistics' sessionid='*'
                           status='completed'>
                    <x xmlns='jabber:x:data' type='result'>
                      <title>Gateway statistics</title>
                      <field var='registered-users' label='*' type='text-single'><value>1</value></field>
                      <field var='users-online' label='*' type='text-single'><value>1</value></field>
                      <field var='sessions' label='*' type='text-single'><value>1</value></field>
                      <field var='messages-to-legacy' label='*' type='text-single'><value>0</value></field>
                      <field var='messages-to-xmpp' label='*' type='text-single'><value>0</value></field>
                      <field var='errors-sent' label='*' type='text-single'><value>*</value></field>
                      <field var='refused-full' label='*' type='text-single'><value>0</value></field>
                      <field var='dropped' label='*' type='text-single'><value>0</value></field>
                    </x>
                  </command>
                </iq>""", reply);
    }

    @Test
    void discoInfoOnACommandNode() {
        // XEP-0050 section 2.2, "Disco result for command information".
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='ci1'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='change-password'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='ci1'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='change-password'>
                    <identity category='automation' type='command-node' name='Change password'/>
                    <feature var='http://jabber.org/protocol/commands'/>
                    <feature var='jabber:x:data'/>
                  </query>
                </iq>""", await(gw, "ci1"));
    }

    @Test
    void discoInfoOnAnAdminCommandNodeIsHiddenFromOthers() {
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='ci2'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='statistics'/>
                </iq>""");
        assertError(await(gw, "ci2"), PacketError.Condition.item_not_found, PacketError.Type.cancel, "");
    }
}
