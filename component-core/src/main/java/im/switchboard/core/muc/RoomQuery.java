package im.switchboard.core.muc;

import org.xmpp.packet.IQ;

/** An IQ answered from a user's room state, on the user's actor. */
@FunctionalInterface
public interface RoomQuery {

    /** The reply; a thrown {@link im.switchboard.core.error.StanzaErrorException} or legacy failure is the error. */
    IQ answer(UserRooms rooms) throws Exception;
}
