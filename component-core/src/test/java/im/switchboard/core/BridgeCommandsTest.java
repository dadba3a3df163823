package im.switchboard.core;

import static im.switchboard.core.RegistrationTest.assertError;
import static im.switchboard.core.RegistrationTest.await;
import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.testing.fake.FakeConfigureCommand;
import im.switchboard.registration.Registration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/**
 * A bridge's XEP-0050 commands on its entities' JIDs (the FakeBridge's "Configure", the model of IRC's per-server
 * settings): listed per target (section 2.2), executed with a form (section 2.4.2), values checked as registration
 * values are (THREATS G1), stored with the registration, secrets never shown back (G3).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BridgeCommandsTest {

    private static final String ROMEO = "romeo@montague.lit";
    private static final String NET = "verona-net@fake.shakespeare.lit";

    private final GatewayHarness gw = new GatewayHarness().started();

    {
        gw.network.account("romeo", "R0m30");
        gw.registrations.save(new Registration(ROMEO,
                Map.of("username", "romeo", "nick", "Romeo", "net/verona-net/nick", "Romeo"),
                Map.of("password", Secret.of("R0m30"), "net/verona-net/server-password", Secret.of("S3rv3rPw"))));
    }

    @AfterEach
    void close() {
        gw.close();
    }

    private IQ send(String xml, String id) {
        gw.receive(xml);
        return await(gw, id);
    }

    private IQ execute(String from, String to, String id) {
        return send("""
                <iq type='set' from='%s/orchard' to='%s' id='%s'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' action='execute'/>
                </iq>""".formatted(from, to, id), id);
    }

    private IQ submit(String to, String id, String sessionId, String fields) {
        return send("""
                <iq type='set' from='romeo@montague.lit/orchard' to='%s' id='%s'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' sessionid='%s'
                           action='complete'>
                    <x xmlns='jabber:x:data' type='submit'>%s</x>
                  </command>
                </iq>""".formatted(to, id, sessionId, fields), id);
    }

    private static String sessionId(IQ reply) {
        String id = reply.getChildElement().attributeValue("sessionid");
        assertNotNull(id, reply.toXML());
        return id;
    }

    private Registration romeo() {
        return gw.registrations.find(ROMEO).orElseThrow();
    }

    @Test
    void aNetworkEntityListsTheCommandsThatApplyToIt() {
        assertStanza("""
                <iq type='result' from='verona-net@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l1'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'>
                    <item jid='verona-net@fake.shakespeare.lit' node='configure' name='Configure'/>
                  </query>
                </iq>""", send("""
                <iq type='get' from='romeo@montague.lit/orchard' to='verona-net@fake.shakespeare.lit' id='l1'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""", "l1"));
        // A legacy user is not a network: nothing applies to it.
        assertStanza("""
                <iq type='result' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l2'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""", send("""
                <iq type='get' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit' id='l2'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""", "l2"));
    }

    @Test
    void theEntityAdvertisesCommandsAndDescribesTheCommandNode() {
        // XEP-0050 section 2.1 (the feature) and 2.2 (a command node's info).
        IQ info = send("""
                <iq type='get' from='romeo@montague.lit/orchard' to='verona-net@fake.shakespeare.lit' id='i1'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""", "i1");
        assertTrue(info.toXML().contains("var=\"http://jabber.org/protocol/commands\""), info.toXML());
        assertStanza("""
                <iq type='result' from='verona-net@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='i2'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='configure'>
                    <identity category='automation' type='command-node' name='Configure'/>
                    <feature var='http://jabber.org/protocol/commands'/>
                    <feature var='jabber:x:data'/>
                  </query>
                </iq>""", send("""
                <iq type='get' from='romeo@montague.lit/orchard' to='verona-net@fake.shakespeare.lit' id='i2'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='configure'/>
                </iq>""", "i2"));
        IQ juliet = send("""
                <iq type='get' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit' id='i3'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""", "i3");
        assertFalse(juliet.toXML().contains("http://jabber.org/protocol/commands"), juliet.toXML());
    }

    @Test
    void executeAnswersTheFormWithCurrentValuesAndNoSecret() {
        IQ form = execute(ROMEO, NET, "c1");
        assertStanza("""
                <iq type='result' from='verona-net@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='c1'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' sessionid='*'
                           status='executing'>
                    <actions execute='complete'><complete/></actions>
                    <x xmlns='jabber:x:data' type='form'>
                      <title>Configure verona-net</title>
                      <instructions>Settings for this network. Passwords are never shown: leave a password field \
                empty to keep the stored one.</instructions>
                      <field type='text-single' var='nick' label='Nickname'>
                        <desc>Your nick on this network</desc><required/><value>Romeo</value>
                      </field>
                      <field type='boolean' var='autojoin' label='Join on connect'><value>false</value></field>
                      <field type='text-private' var='server-password'
                             label='Server password (leave empty to keep the stored one)'/>
                    </x>
                  </command>
                </iq>""", form);
        assertFalse(form.toXML().contains("S3rv3rPw"));
    }

    @Test
    void completeChecksStoresAndKeepsAnEmptySecret() {
        String session = sessionId(execute(ROMEO, NET, "c2"));
        IQ done = submit(NET, "c3", session, """
                <field var='nick'><value>Romeo2</value></field>
                <field var='autojoin'><value>1</value></field>
                <field var='server-password'><value></value></field>""");
        assertStanza("""
                <iq type='result' from='verona-net@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='c3'>
                  <command xmlns='http://jabber.org/protocol/commands' node='configure' sessionid='*'
                           status='completed'>
                    <note type='info'>Configure: saved.</note>
                  </command>
                </iq>""", done);
        Registration stored = romeo();
        assertEquals("Romeo2", stored.fields().get("net/verona-net/nick"));
        assertEquals("true", stored.fields().get("net/verona-net/autojoin"));
        assertEquals("S3rv3rPw", stored.secrets().get("net/verona-net/server-password").reveal());
        assertEquals("romeo", stored.fields().get("username"));
        // Run by the core's registration serialisation on a virtual thread, never the link's reader thread.
        assertTrue(gw.bridge.configureCommand().executeThreads().getFirst().isVirtual());
    }

    @Test
    void aNewSecretIsStoredAndAnEmptiedFieldIsCleared() {
        String session = sessionId(execute(ROMEO, NET, "s1"));
        submit(NET, "s2", session, """
                <field var='nick'><value>Romeo</value></field>
                <field var='autojoin'><value></value></field>
                <field var='server-password'><value>N3wPw</value></field>""");
        assertEquals("N3wPw", romeo().secrets().get("net/verona-net/server-password").reveal());
        assertFalse(romeo().fields().containsKey("net/verona-net/autojoin"));
    }

    @Test
    void valuesAreCheckedAsRegistrationValuesAndNothingIsStoredOnRefusal() {
        // THREATS G1 / I1: a CR/LF in a value would inject commands into a line-based protocol.
        String s1 = sessionId(execute(ROMEO, NET, "v1"));
        assertError(submit(NET, "v2", s1, "<field var='nick'><value>Romeo&#10;QUIT</value></field>"),
                PacketError.Condition.not_acceptable, PacketError.Type.modify, "nick");
        String s2 = sessionId(execute(ROMEO, NET, "v3"));
        assertError(submit(NET, "v4", s2, "<field var='nick'><value>R</value></field>"
                + "<field var='password'><value>x</value></field>"),
                PacketError.Condition.not_acceptable, PacketError.Type.modify, "password");
        String s3 = sessionId(execute(ROMEO, NET, "v5"));
        assertError(submit(NET, "v6", s3, "<field var='nick'><value>R</value></field>"
                + "<field var='autojoin'><value>maybe</value></field>"),
                PacketError.Condition.not_acceptable, PacketError.Type.modify, "autojoin");
        String s4 = sessionId(execute(ROMEO, NET, "v7"));
        assertError(submit(NET, "v8", s4, "<field var='autojoin'><value>1</value></field>"),
                PacketError.Condition.not_acceptable, PacketError.Type.modify, "nick");
        String s5 = sessionId(execute(ROMEO, NET, "v9"));
        assertError(submit(NET, "v10", s5, "<field var='nick'><value>" + "n".repeat(33) + "</value></field>"),
                PacketError.Condition.not_acceptable, PacketError.Type.modify, "too long");
        assertEquals("Romeo", romeo().fields().get("net/verona-net/nick"));
        assertTrue(gw.bridge.configureCommand().executeThreads().isEmpty());
    }

    @Test
    void theBridgesRefusalIsAnErrorAndNothingIsStored() {
        String session = sessionId(execute(ROMEO, NET, "b1"));
        assertError(submit(NET, "b2", session, "<field var='nick'><value>nobody</value></field>"),
                PacketError.Condition.not_acceptable, PacketError.Type.modify, "reserved");
        assertEquals("Romeo", romeo().fields().get("net/verona-net/nick"));
    }

    @Test
    void theGatewayJidHasItsOwnSettings() {
        String session = sessionId(execute(ROMEO, GatewayHarness.DOMAIN, "g1"));
        submit(GatewayHarness.DOMAIN, "g2", session, "<field var='nick'><value>Montague</value></field>");
        assertEquals("Montague", romeo().fields().get("gateway/nick"));
        assertEquals("Romeo", romeo().fields().get("net/verona-net/nick"));
    }

    @Test
    void aSessionBelongsToItsTargetJid() {
        String session = sessionId(execute(ROMEO, NET, "t1"));
        IQ other = submit("padua-net@fake.shakespeare.lit", "t2", session,
                "<field var='nick'><value>Romeo</value></field>");
        assertError(other, PacketError.Condition.bad_request, PacketError.Type.modify, "");
        assertTrue(other.toXML().contains("bad-sessionid"), other.toXML());
    }

    @Test
    void itIsNotOfferedWhereItDoesNotApplyNorToUnregisteredUsers() {
        assertError(execute(ROMEO, "juliet@fake.shakespeare.lit", "n1"), PacketError.Condition.item_not_found,
                PacketError.Type.cancel, "");
        assertError(execute("benvolio@montague.lit", NET, "n2"), PacketError.Condition.forbidden,
                PacketError.Type.auth, "register first");
        assertStanza("""
                <iq type='result' from='verona-net@fake.shakespeare.lit' to='benvolio@montague.lit/x' id='n3'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""", send("""
                <iq type='get' from='benvolio@montague.lit/x' to='verona-net@fake.shakespeare.lit' id='n3'>
                  <query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>
                </iq>""", "n3"));
    }

    @Test
    void anXep0077UpdateKeepsTheCommandsSettings() {
        // The settings live under names no registration field can have, so a registration update keeps them.
        IQ changed = send("""
                <iq type='set' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='u1'>
                  <query xmlns='jabber:iq:register'>
                    <username>romeo</username><password>R0m30</password><nick>Romeo M.</nick>
                  </query>
                </iq>""", "u1");
        assertEquals(IQ.Type.result, changed.getType(), changed.toXML());
        assertEquals("Romeo M.", romeo().fields().get("nick"));
        assertEquals("Romeo", romeo().fields().get("net/verona-net/nick"));
        assertEquals("S3rv3rPw", romeo().secrets().get("net/verona-net/server-password").reveal());
        assertEquals(FakeConfigureCommand.NODE, gw.bridge.configureCommand().node());
    }
}
