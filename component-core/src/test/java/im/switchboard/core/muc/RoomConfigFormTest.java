package im.switchboard.core.muc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.RoomConfiguration;
import im.switchboard.core.testing.fake.FakeRoom;
import im.switchboard.core.testing.stanza.Stanzas;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError.Condition;

/** The muc#roomconfig form of XEP-0045 section 10.2 (fields of 15.5.3) and the feature rooms advertise for it. */
@Timeout(10)
class RoomConfigFormTest {

    private static Element form(String fields) {
        IQ iq = (IQ) Stanzas.parse("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='c1'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'>
                    <x xmlns='jabber:x:data' type='submit'>%s</x>
                  </query>
                </iq>""".formatted(fields));
        return iq.getChildElement().element("x");
    }

    private static Condition refusal(String fields) {
        return assertThrows(StanzaErrorException.class, () -> RoomConfigForm.parse(form(fields))).error()
                .condition();
    }

    @Test
    void aSubmittedFormSetsOnlyTheFieldsItCarries() throws Exception {
        assertEquals(RoomConfiguration.NONE, RoomConfigForm.parse(form("")));
        assertEquals(new RoomConfiguration(Optional.empty(), Optional.empty(), Optional.of(true), Optional.of(false),
                Optional.of(false), Optional.empty(), OptionalInt.of(0)), RoomConfigForm.parse(form("""
                <field var='muc#roomconfig_membersonly'><value>true</value></field>
                <field var='muc#roomconfig_publicroom'><value>0</value></field>
                <field var='muc#roomconfig_passwordprotectedroom'><value>0</value></field>
                <field var='muc#roomconfig_roomsecret'><value/></field>
                <field var='muc#roomconfig_maxusers'><value>none</value></field>""")));
    }

    @Test
    void aSecretAloneProtectsTheRoom() throws Exception {
        RoomConfiguration c = RoomConfigForm.parse(form(
                "<field var='muc#roomconfig_roomsecret'><value>cauldronburn</value></field>"));
        assertEquals(Optional.of(true), c.passwordProtected());
        assertEquals(Optional.of(Secret.of("cauldronburn")), c.password());
    }

    @Test
    void protectedWithoutASecretKeepsThePassword() throws Exception {
        RoomConfiguration c = RoomConfigForm.parse(form(
                "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"));
        assertEquals(Optional.of(true), c.passwordProtected());
        assertEquals(Optional.empty(), c.password());
    }

    @Test
    void unreadableOrUnofferedValuesAreRefused() {
        // XEP-0004 section 3.3: a boolean is 0, 1, false or true.
        assertEquals(Condition.bad_request, refusal(
                "<field var='muc#roomconfig_moderatedroom'><value>yes</value></field>"));
        assertEquals(Condition.bad_request, refusal(
                "<field var='muc#roomconfig_maxusers'><value>-3</value></field>"));
        assertEquals(Condition.bad_request, refusal(
                "<field var='muc#roomconfig_moderatedroom'><value>1</value><value>0</value></field>"));
        assertEquals(Condition.not_acceptable, refusal(
                "<field var='muc#roomconfig_whois'><value>anyone</value></field>"));
        assertEquals(Condition.bad_request, refusal(
                "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roominfo</value></field>"));
    }

    @Test
    void onlyTheFieldsTheNetworkReportsAreOffered() {
        Element x = RoomConfigForm.render(new RoomConfiguration(Optional.empty(), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(42)));
        assertEquals(3, x.elements("field").size(), x.asXML());
        assertTrue(x.asXML().contains("<option label=\"42\"><value>42</value></option>"), x.asXML());
    }

    @Test
    void roomsAdvertiseRoomConfigOnlyWhenTheBridgeConfiguresRooms() {
        FakeRoom room = new FakeRoom("verona");
        MucIqHandlers plain = new MucIqHandlers((user, query) -> null, Set.of(Capability.ROOMS));
        MucIqHandlers configurable = new MucIqHandlers((user, query) -> null,
                Set.of(Capability.ROOMS, Capability.ROOM_CONFIG));
        assertFalse(plain.info(room).features().contains(RoomConfigForm.FORM_TYPE));
        assertTrue(configurable.info(room).features().contains(RoomConfigForm.FORM_TYPE));
    }
}
