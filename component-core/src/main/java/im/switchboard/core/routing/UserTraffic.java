package im.switchboard.core.routing;

import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.registration.Registration;
import java.util.Optional;
import org.xmpp.packet.Message;
import org.xmpp.packet.Presence;

/**
 * Where the router hands a registered user's stanzas: to that user's actor. Both methods only post and never
 * block; {@code false} means the user's mailbox is full (THREATS X11) and the router answers
 * {@code resource-constraint}.
 */
public interface UserTraffic {

    /** A message from a registered user to a legacy contact. */
    boolean offerMessage(Registration user, Message message, LegacyAddress to);

    /** A presence from a registered user to the domain or to a contact ({@code contact} present then). */
    boolean offerPresence(Registration user, Presence presence, Optional<LegacyAddress> contact);

    /** A message from a registered user to a room or an occupant (XEP-0045); {@code room} is the room. */
    boolean offerRoomMessage(Registration user, Message message, LegacyAddress room);

    /** A presence from a registered user to a room or an occupant (XEP-0045); {@code room} is the room. */
    boolean offerRoomPresence(Registration user, Presence presence, LegacyAddress room);
}
