package im.switchboard.core.muc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.testing.stanza.Stanzas;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;

/** Reading XEP-0313 queries (sections 4.1 and 4.3): fields, RSM, the gateway's cap on {@code max}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MamRequestsTest {

    private static final JID ROOM = new JID("#verona@fake.shakespeare.lit");

    private static MamRequest read(String xml) throws StanzaErrorException {
        return MamRequests.read(Stanzas.parseElement(xml), ROOM);
    }

    @Test
    void anEmptyQueryIsTheFirstPageOfTheWholeArchiveAtTheGatewaysPageSize() throws Exception {
        MamRequest request = read("<query xmlns='urn:xmpp:mam:2'/>");
        assertEquals(Optional.empty(), request.queryId());
        assertEquals(MamRequests.DEFAULT_PAGE, request.query().max());
        assertFalse(request.query().backwards());
        assertFalse(request.flipPage());
        assertFalse(request.otherThanRoom());
    }

    @Test
    void maxIsCappedSoThatNoQueryReadsTheWholeArchiveAtOnce() throws Exception {
        assertEquals(MamRequests.MAX_PAGE, read("""
                <query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><max>100000</max></set>
                </query>""").query().max());
        assertEquals(100, MamRequests.MAX_PAGE);
        assertEquals(7, read("""
                <query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><max>7</max></set>
                </query>""").query().max());
        assertEquals(0, read("""
                <query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><max>0</max></set>
                </query>""").query().max());
    }

    @Test
    void fieldsAndPagingAreRead() throws Exception {
        MamRequest request = read("""
                <query xmlns='urn:xmpp:mam:2' queryid='f27'>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>
                    <field var='start'><value>2010-06-07T00:00:00Z</value></field>
                    <field var='end'><value>2010-07-07T13:23:54.5+02:00</value></field>
                    <field var='with'><value>#verona@fake.shakespeare.lit/nurse</value></field>
                  </x>
                  <set xmlns='http://jabber.org/protocol/rsm'><max>10</max><before/></set>
                  <flip-page/>
                </query>""");
        assertEquals(Optional.of("f27"), request.queryId());
        assertEquals(Optional.of(Instant.parse("2010-06-07T00:00:00Z")), request.query().start());
        assertEquals(Optional.of(Instant.parse("2010-07-07T11:23:54.5Z")), request.query().end());
        assertEquals(Optional.of("nurse"), request.query().nick());
        assertEquals(Optional.of(""), request.query().before());
        assertTrue(request.flipPage());
        assertTrue(read("""
                <query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'>
                  <field var='with'><value>juliet@capulet.lit</value></field></x></query>""").otherThanRoom());
    }

    @Test
    void whatThisArchiveDoesNotOfferOrCannotReadIsRefused() {
        assertCondition(Condition.feature_not_implemented, """
                <query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'>
                  <field var='ids'><value>a</value></field></x></query>""");
        assertCondition(Condition.feature_not_implemented, """
                <query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><index>3</index></set>
                </query>""");
        assertCondition(Condition.feature_not_implemented, "<query xmlns='urn:xmpp:mam:2' node='x'/>");
        assertCondition(Condition.bad_request, """
                <query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><after>a</after>
                <before>b</before></set></query>""");
        assertCondition(Condition.bad_request, """
                <query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><after/></set></query>""");
        assertCondition(Condition.bad_request, """
                <query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'>
                  <field var='end'><value>2010-07-07</value></field></x></query>""");
        assertCondition(Condition.bad_request, """
                <query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'>
                  <field var='with'><value>@@</value></field></x></query>""");
        assertCondition(Condition.bad_request, "<query xmlns='urn:xmpp:mam:2' queryid='" + "q".repeat(300) + "'/>");
    }

    private static void assertCondition(Condition condition, String xml) {
        StanzaErrorException e = assertThrows(StanzaErrorException.class, () -> read(xml));
        assertEquals(condition, e.error().condition(), xml);
    }
}
