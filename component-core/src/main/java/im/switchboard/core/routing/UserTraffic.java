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

    /**
     * Whether users of an allowed domain who are not registered may use rooms ({@code [gateway]
     * rooms-for-unregistered}); only their room presence and room messages are then handed over, everything
     * else still answers {@code registration-required}.
     */
    default boolean acceptsGuests() {
        return false;
    }

    /** A presence from an unregistered user ({@code user}, a normalised bare JID) to a room or an occupant. */
    default boolean offerGuestRoomPresence(String user, Presence presence, LegacyAddress room) {
        return false;
    }

    /** A message from an unregistered user to a room or an occupant. */
    default boolean offerGuestRoomMessage(String user, Message message, LegacyAddress room) {
        return false;
    }
}
