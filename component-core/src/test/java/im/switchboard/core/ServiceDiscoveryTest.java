package im.switchboard.core;

import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XEP-0030 disco on the domain and on contacts, XEP-0092 version, XEP-0199 ping, RFC 6120 section 8.4. */
@Timeout(30)
class ServiceDiscoveryTest {

    private final GatewayHarness gw = new GatewayHarness().started();

    @AfterEach
    void close() {
        gw.close();
    }

    @Test
    void discoInfoOnTheDomainNamesTheGatewayAndItsFeatures() {
        // XEP-0030 section 3.1; XEP-0100 section 5.1 (gateway identity); XEP-0077 section 10 (jabber:iq:register),
        // XEP-0100 section 6.3 (jabber:iq:gateway), XEP-0050 section 2.1 (commands).
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='info1'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='info1'>
                  <query xmlns='http://jabber.org/protocol/disco#info'>
                    <identity category='gateway' type='fake' name='Fake Network'/>
                    <identity category='conference' type='text' name='Fake Network'/>
                    <feature var='http://jabber.org/protocol/caps'/>
                    <feature var='http://jabber.org/protocol/commands'/>
                    <feature var='http://jabber.org/protocol/disco#info'/>
                    <feature var='http://jabber.org/protocol/disco#items'/>
                    <feature var='http://jabber.org/protocol/muc'/>
                    <feature var='jabber:iq:gateway'/>
                    <feature var='jabber:iq:register'/>
                    <feature var='jabber:iq:version'/>
                    <feature var='urn:xmpp:ping'/>
                  </query>
                </iq>""", gw.out.packets().getFirst());
        // Chat states and receipts are features of the legacy contacts (discoInfoOnAContactDescribesALegacyUser);
        // the bridge serves rooms, so the domain is a MUC service too (XEP-0045 section 6.1).
    }

    @Test
    void discoInfoOnTheCapsNodeIsTheSameInfo() {
        // XEP-0115 section 6.2: a client asks node#ver to learn the features behind a hash.
        String node = gw.component.caps().discoNode();
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='info2'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='%s'/>
                </iq>""".formatted(node));
        org.xmpp.packet.IQ reply = (org.xmpp.packet.IQ) gw.out.packets().getFirst();
        assertEquals(org.xmpp.packet.IQ.Type.result, reply.getType());
        assertEquals(node, reply.getChildElement().attributeValue("node"));
    }

    @Test
    void discoInfoOnAnUnknownNodeIsItemNotFound() {
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='info3'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='nothing'/>
                </iq>""");
        assertStanza("""
                <iq type='error' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='info3'>
                  <query xmlns='http://jabber.org/protocol/disco#info' node='nothing'/>
                  <error type='cancel'>
                    <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                  </error>
                </iq>""", gw.out.packets().getFirst());
    }

    @Test
    void discoItemsOnTheDomainIsAnEmptyList() {
        // XEP-0030 section 4.1: we list nothing we do not have.
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='items1'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='items1'>
                  <query xmlns='http://jabber.org/protocol/disco#items'/>
                </iq>""", gw.out.packets().getFirst());
    }

    @Test
    void discoInfoOnAContactDescribesALegacyUser() {
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit' id='info4'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='juliet@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='info4'>
                  <query xmlns='http://jabber.org/protocol/disco#info'>
                    <identity category='client' type='pc' name='juliet'/>
                    <feature var='http://jabber.org/protocol/chatstates'/>
                    <feature var='http://jabber.org/protocol/disco#info'/>
                    <feature var='urn:xmpp:ping'/>
                    <feature var='urn:xmpp:receipts'/>
                  </query>
                </iq>""", gw.out.packets().getFirst());
    }

    @Test
    void discoInfoOnAnInvalidContactIsJidMalformed() {
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='no+such@fake.shakespeare.lit' id='info5'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                </iq>""");
        assertStanza("""
                <iq type='error' from='no+such@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='info5'>
                  <query xmlns='http://jabber.org/protocol/disco#info'/>
                  <error type='modify'>
                    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""".replace(">*<", ">A fake user name is 1 to 64 of a-z, 0-9, '.', '_' and '-'.<"),
                gw.out.packets().getFirst());
    }

    @Test
    void versionNamesSwitchboardWithoutOperatingSystem() {
        // XEP-0092 section 2; the OS is optional and off by default (section 6).
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='version_1'>
                  <query xmlns='jabber:iq:version'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='version_1'>
                  <query xmlns='jabber:iq:version'>
                    <name>Switchboard</name>
                    <version>0.1.0</version>
                  </query>
                </iq>""", gw.out.packets().getFirst());
    }

    @Test
    void versionIncludesTheOperatingSystemWhenConfigured() {
        try (GatewayHarness withOs = new GatewayHarness(
                GatewaySettings.of(GatewayHarness.DOMAIN, java.util.Set.of("montague.lit"))
                        .withOperatingSystem(java.util.Optional.of("Debian GNU/Linux")),
                java.util.Set.of()).started()) {
            withOs.receive("""
                    <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='version_2'>
                      <query xmlns='jabber:iq:version'/>
                    </iq>""");
            assertStanza("""
                    <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='version_2'>
                      <query xmlns='jabber:iq:version'>
                        <name>Switchboard</name>
                        <version>0.1.0</version>
                        <os>Debian GNU/Linux</os>
                      </query>
                    </iq>""", withOs.out.packets().getFirst());
        }
    }

    @Test
    void pingOnTheDomainAndOnAContact() {
        // XEP-0199 section 4.2 (component) and section 4.3 (entity behind it).
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='s2c1'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='juliet@fake.shakespeare.lit/balcony' id='e2e1'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='s2c1'/>""",
                gw.out.packets().get(0));
        assertStanza("""
                <iq type='result' from='juliet@fake.shakespeare.lit/balcony' to='romeo@montague.lit/orchard'
                    id='e2e1'/>""", gw.out.packets().get(1));
    }

    @Test
    void unknownNamespaceIsServiceUnavailable() {
        // RFC 6120 section 8.4.
        gw.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='fake.shakespeare.lit' id='time1'>
                  <time xmlns='urn:xmpp:time'/>
                </iq>""");
        assertStanza("""
                <iq type='error' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='time1'>
                  <time xmlns='urn:xmpp:time'/>
                  <error type='cancel'>
                    <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                  </error>
                </iq>""", gw.out.packets().getFirst());
    }

    @Test
    void capsVerInPresenceIsTheHashOfTheDiscoInfo() throws Exception {
        // XEP-0115 section 5.1, written out by hand for the disco#info above: identities "category/type/lang/name<",
        // then features, each followed by '<', in byte order; SHA-1, base64.
        String s = "conference/text//Fake Network<"
                + "gateway/fake//Fake Network<"
                + "http://jabber.org/protocol/caps<"
                + "http://jabber.org/protocol/commands<"
                + "http://jabber.org/protocol/disco#info<"
                + "http://jabber.org/protocol/disco#items<"
                + "http://jabber.org/protocol/muc<"
                + "jabber:iq:gateway<"
                + "jabber:iq:register<"
                + "jabber:iq:version<"
                + "urn:xmpp:ping<";
        String expected = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                .getInstance("SHA-1").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(expected, gw.component.caps().ver());
    }
}
