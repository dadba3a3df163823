package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.JULIET;
import static im.switchboard.core.muc.MucHarness.ORCHARD;
import static im.switchboard.core.muc.MucHarness.ROMEO;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.RoomConfiguration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * XEP-0045 admin lists (sections 8.5 voice list, 9.2 ban list, 9.5 member list, 9.8 moderator list, 10.5 owner
 * list, 10.8 admin list) and the owner's room configuration (section 10.2, muc#roomconfig of 15.5.3).
 */
@Timeout(60)
class RoomAdminListsAndConfigTest {

    private final MucHarness h = new MucHarness();

    @BeforeEach
    void enter() {
        h.rooms.enter("verona", "tybalt");
        h.rooms.enter("verona", "mercutio");
        h.rooms.operator("verona", ROMEO);
        h.join(ORCHARD, "romeo");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void theVoiceAndModeratorListsAreTheOccupantsWithThatRole() {
        // Section 8.5: each item MUST include nick and role, SHOULD include affiliation and jid.
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='voice3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item role='participant'/></query>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='voice3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item affiliation='none' jid='tybalt@fake.shakespeare.lit' nick='tybalt' role='participant'/>
                    <item affiliation='none' jid='mercutio@fake.shakespeare.lit' nick='mercutio'
                        role='participant'/>
                  </query>
                </iq>""");
        // Section 9.8: the user's own item carries the user's bare JID.
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='mod3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item role='moderator'/></query>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='mod3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item affiliation='admin' jid='romeo@montague.lit' nick='romeo' role='moderator'/>
                  </query>
                </iq>""");
    }

    @Test
    void affiliationListsComeFromTheOccupantsAndAnEmptyListIsAnEmptyQuery() {
        // Sections 10.8 (admin list) and 10.5 (owner list; nobody here is an owner).
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='admin3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='admin'/></query>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='admin3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item affiliation='admin' jid='romeo@montague.lit' nick='romeo' role='moderator'/>
                  </query>
                </iq>""");
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='owner3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='owner'/></query>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='owner3'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'/>
                </iq>""");
    }

    @Test
    void theBanListComesFromTheNetworkWithAJidOnEveryItem() {
        // Section 9.2: affiliation and jid on every item, no nick or role. A ban that names one legacy user gets
        // that user's JID; another pattern is its XEP-0106-escaped text at the gateway's domain.
        h.rooms.ban("verona", "paris").ban("verona", "*!*@mantua");
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='ban2'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast'/></query>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='ban2'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'>
                    <item affiliation='outcast' jid='*!*\\40mantua@fake.shakespeare.lit'>
                      <reason>ban mask *!*@mantua, set by network</reason>
                    </item>
                    <item affiliation='outcast' jid='paris@fake.shakespeare.lit'>
                      <reason>ban mask paris, set by network</reason>
                    </item>
                  </query>
                </iq>""");
    }

    @Test
    void listRequestsFromOutsideOrMalformedAreRefused() {
        h.receive("""
                <iq type='get' from='juliet@capulet.lit/chamber' to='#verona@fake.shakespeare.lit' id='l1'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member'/></query>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='juliet@capulet.lit/chamber' id='l1'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member'/></query>
                  <error type='cancel'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='l2'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='none'/></query>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='l2'>
                  <query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='none'/></query>
                  <error type='modify'>
                    <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
    }

    @Test
    void theOwnerGetsTheConfigurationFormWithTheCurrentValues() {
        // Section 10.2: the form with the current options as defaults, only the fields the network can express.
        h.rooms.key("verona", "capulet");
        h.receive("""
                <iq type='get' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='config1'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'/>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='config1'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'>
                    <x xmlns='jabber:x:data' type='form'>
                      <title>Room configuration</title>
                      <instructions>*</instructions>
                      <field type='hidden' var='FORM_TYPE'>
                        <value>http://jabber.org/protocol/muc#roomconfig</value>
                      </field>
                      <field var='muc#roomconfig_changesubject' type='boolean' label='*'><value>1</value></field>
                      <field var='muc#roomconfig_moderatedroom' type='boolean' label='*'><value>0</value></field>
                      <field var='muc#roomconfig_membersonly' type='boolean' label='*'><value>0</value></field>
                      <field var='muc#roomconfig_publicroom' type='boolean' label='*'><value>1</value></field>
                      <field var='muc#roomconfig_passwordprotectedroom' type='boolean' label='*'>
                        <value>1</value>
                      </field>
                      <field var='muc#roomconfig_roomsecret' type='text-private' label='*'>
                        <value>capulet</value>
                      </field>
                      <field var='muc#roomconfig_maxusers' type='list-single' label='*'>
                        <value>none</value>
                        <option label='10'><value>10</value></option>
                        <option label='20'><value>20</value></option>
                        <option label='30'><value>30</value></option>
                        <option label='50'><value>50</value></option>
                        <option label='100'><value>100</value></option>
                        <option label='none'><value>none</value></option>
                      </field>
                    </x>
                  </query>
                </iq>""");
    }

    @Test
    void aSubmittedFormGoesToTheNetworkAndACancelChangesNothing() {
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='create2'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>
                      <field var='muc#roomconfig_moderatedroom'><value>1</value></field>
                      <field var='muc#roomconfig_changesubject'><value>false</value></field>
                      <field var='muc#roomconfig_roomsecret'><value>cauldronburn</value></field>
                      <field var='muc#roomconfig_maxusers'><value>20</value></field>
                    </x>
                  </query>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard'
                    id='create2'/>""");
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='cancel'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='cancel'/></query>
                </iq>""");
        h.await("""
                <iq type='result' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard'
                    id='cancel'/>""");
        assertEquals(List.of(new RoomConfiguration(Optional.of(false), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.of(true), Optional.of(Secret.of("cauldronburn")), OptionalInt.of(20))),
                h.rooms.configurations());
    }

    @Test
    void nonOwnersDestroyAndUnknownFieldsAreRefused() {
        // Section 10.2: forbidden for a non-owner (the network decides: Juliet is no operator).
        h.join(JULIET, "juliet");
        h.receive("""
                <iq type='get' from='juliet@capulet.lit/chamber' to='#verona@fake.shakespeare.lit' id='o1'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'/>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='juliet@capulet.lit/chamber' id='o1'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'/>
                  <error type='auth'>
                    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        // Section 10.9: a legacy room cannot be destroyed from here.
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='o2'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='o2'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query>
                  <error type='cancel'>
                    <feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        h.receive("""
                <iq type='set' from='romeo@montague.lit/orchard' to='#verona@fake.shakespeare.lit' id='o3'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='muc#roomconfig_persistentroom'><value>1</value></field>
                    </x>
                  </query>
                </iq>""");
        h.await("""
                <iq type='error' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard' id='o3'>
                  <query xmlns='http://jabber.org/protocol/muc#owner'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='muc#roomconfig_persistentroom'><value>1</value></field>
                    </x>
                  </query>
                  <error type='modify'>
                    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>*</text>
                  </error>
                </iq>""");
        assertEquals(List.of(), h.rooms.configurations());
    }
}
