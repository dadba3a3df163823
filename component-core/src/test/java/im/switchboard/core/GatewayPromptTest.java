package im.switchboard.core;

import static im.switchboard.core.RegistrationTest.assertError;
import static im.switchboard.core.RegistrationTest.await;
import static im.switchboard.core.testing.stanza.Stanzas.assertStanza;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.PacketError;

/** XEP-0100 section 6.3: the {@code jabber:iq:gateway} protocol. */
@Timeout(30)
class GatewayPromptTest {

    private final GatewayHarness gw = new GatewayHarness().started();

    @AfterEach
    void close() {
        gw.close();
    }

    @Test
    void getReturnsTheCodecsDescriptionAndPrompt() {
        // Section 6.3, "Client Requests Prompt" / "Gateway Returns Prompt"; unregistered users may ask too.
        gw.receive("""
                <iq type='get' to='fake.shakespeare.lit' from='romeo@montague.lit/orchard' id='gate1'>
                  <query xmlns='jabber:iq:gateway'/>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='gate1'>
                  <query xmlns='jabber:iq:gateway'>
                    <desc>Enter the Fake Network user name of the person you would like to contact.</desc>
                    <prompt>Fake user name</prompt>
                  </query>
                </iq>""", await(gw, "gate1"));
    }

    @Test
    void setTranslatesTypedInputToAJid() {
        // Section 6.3, "Client Provides Legacy Username" / "Gateway Returns JID".
        gw.receive("""
                <iq type='set' to='fake.shakespeare.lit' from='romeo@montague.lit/orchard' id='gate2'>
                  <query xmlns='jabber:iq:gateway'>
                    <prompt>  Juliet </prompt>
                  </query>
                </iq>""");
        assertStanza("""
                <iq type='result' from='fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='gate2'>
                  <query xmlns='jabber:iq:gateway'>
                    <jid>juliet@fake.shakespeare.lit</jid>
                  </query>
                </iq>""", await(gw, "gate2"));
    }

    @Test
    void inputTheCodecRefusesIsNotAcceptable() {
        gw.receive("""
                <iq type='set' to='fake.shakespeare.lit' from='romeo@montague.lit/orchard' id='gate3'>
                  <query xmlns='jabber:iq:gateway'>
                    <prompt>Juliet Capulet!</prompt>
                  </query>
                </iq>""");
        assertError(await(gw, "gate3"), PacketError.Condition.not_acceptable, PacketError.Type.modify,
                "fake user name");
    }

    @Test
    void setWithoutPromptIsBadRequest() {
        gw.receive("""
                <iq type='set' to='fake.shakespeare.lit' from='romeo@montague.lit/orchard' id='gate4'>
                  <query xmlns='jabber:iq:gateway'/>
                </iq>""");
        assertError(await(gw, "gate4"), PacketError.Condition.bad_request, PacketError.Type.modify, "prompt");
    }

    @Test
    void strangersAreForbidden() {
        // THREATS X2.
        gw.receive("""
                <iq type='get' to='fake.shakespeare.lit' from='iago@venice.lit/x' id='gate5'>
                  <query xmlns='jabber:iq:gateway'/>
                </iq>""");
        assertError(await(gw, "gate5"), PacketError.Condition.forbidden, PacketError.Type.auth, "");
    }
}
