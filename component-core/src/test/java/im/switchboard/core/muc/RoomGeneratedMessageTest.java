package im.switchboard.core.muc;

import static im.switchboard.core.muc.MucHarness.BALCONY;
import static im.switchboard.core.muc.MucHarness.ORCHARD;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code RoomMessage} with an empty nick is said by the room itself: it comes from the room's bare JID (as
 * XEP-0045 section 10.2.1 notices do), live and in the history of a later join (section 7.2.14), never from an
 * occupant JID with an empty resource.
 */
@Timeout(60)
class RoomGeneratedMessageTest {

    private final MucHarness h = new MucHarness();

    @BeforeEach
    void enter() {
        h.rooms.enter("verona", "nurse");
        h.join(ORCHARD, "romeo");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aMessageFromTheRoomComesFromTheBareRoomJid() {
        h.rooms.say("verona", "", "nurse sets mode: +m", Optional.empty());
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/orchard'
                    id='*'>
                  <body>nurse sets mode: +m</body>
                  <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='fake-1'/>
                </message>""");
        h.join(BALCONY, "romeo");
        h.await("""
                <message type='groupchat' from='#verona@fake.shakespeare.lit' to='romeo@montague.lit/balcony'
                    id='*'>
                  <body>nurse sets mode: +m</body>
                  <delay xmlns='urn:xmpp:delay' from='#verona@fake.shakespeare.lit' stamp='*'/>
                  <stanza-id xmlns='urn:xmpp:sid:0' by='#verona@fake.shakespeare.lit' id='fake-1'/>
                </message>""");
    }
}
