package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rooms an always-on session remembers, as one registration field. */
@Timeout(10)
class SavedRoomsTest {

    @Test
    void roundTripKeepsOrderAndNicksWithSpaces() {
        SavedRooms rooms = SavedRooms.none().with("#verona%irc.example.net", "romeo").with("#mantua", "Romeo M");
        assertEquals("#verona%irc.example.net romeo\n#mantua Romeo M", rooms.format());
        assertEquals(rooms, SavedRooms.parse(rooms.format()));
        assertEquals(List.of("#verona%irc.example.net", "#mantua"), List.copyOf(rooms.rooms().keySet()));
    }

    @Test
    void aNickThatCouldBreakTheFormatIsNotStored() {
        SavedRooms none = SavedRooms.none();
        assertSame(none, none.with("#verona", "romeo\nfake line"));
        assertSame(none, none.with("#verona", "romeo\r"));
        assertSame(none, none.with("#ver ona", "romeo"));
        assertSame(none, none.with("#verona", ""));
    }

    @Test
    void unreadableLinesAreSkippedAndTheCountIsBounded() {
        assertEquals(Map.of("#a", "x"), SavedRooms.parse("garbage\n#a x\n \n#b ").rooms());
        SavedRooms many = SavedRooms.none();
        for (int i = 0; i < SavedRooms.MAX_ROOMS + 5; i++) {
            many = many.with("#r" + i, "n");
        }
        assertEquals(SavedRooms.MAX_ROOMS, many.rooms().size());
    }

    @Test
    void appliedToARegistrationOnlyTheFieldChanges() {
        Registration registration = new Registration("romeo@montague.lit", Map.of("nick", "romeo"),
                Map.of("password", Secret.of("pw")));
        Registration with = SavedRooms.none().with("#verona", "romeo").applyTo(registration);
        assertEquals("#verona romeo", with.fields().get(SavedRooms.FIELD));
        assertEquals("romeo", with.fields().get("nick"));
        assertEquals(registration.secrets(), with.secrets());
        assertTrue(SavedRooms.parse("#verona romeo").storedIn(with));
        Registration without = SavedRooms.none().applyTo(with);
        assertFalse(without.fields().containsKey(SavedRooms.FIELD));
        assertEquals(registration, without);
    }
}
