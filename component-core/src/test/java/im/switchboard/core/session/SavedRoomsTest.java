package im.switchboard.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void keysRoundTripThroughTheRegistrationAsASecretOnly() {
        Registration registration = new Registration("romeo@montague.lit", Map.of("nick", "romeo"),
                Map.of("password", Secret.of("pw")));
        SavedRooms rooms = SavedRooms.none().with("#verona", "romeo", Optional.of(Secret.of("capulet key")))
                .with("#mantua", "romeo", Optional.empty());
        Registration stored = rooms.applyTo(registration);
        // THREATS G2: the key is among the secrets, which the store seals; the plain fields never hold it.
        assertEquals("#verona romeo\n#mantua romeo", stored.fields().get(SavedRooms.FIELD));
        assertFalse(stored.fields().values().stream().anyMatch(v -> v.contains("capulet key")));
        assertEquals("#verona capulet key", stored.secrets().get(SavedRooms.KEYS_FIELD).reveal());
        assertEquals(Secret.of("pw"), stored.secrets().get("password"));
        SavedRooms back = SavedRooms.of(stored);
        assertEquals(rooms, back);
        assertEquals(Optional.of(Secret.of("capulet key")), back.key("#verona"));
        assertEquals(Optional.empty(), back.key("#mantua"));
        // THREATS G3: printing the rooms never prints a key.
        assertFalse(back.toString().contains("capulet"), back.toString());
    }

    @Test
    void aForgottenRoomTakesItsKeyAlong() {
        Registration registration = new Registration("romeo@montague.lit", Map.of());
        Registration keyed = SavedRooms.none().with("#verona", "romeo", Optional.of(Secret.of("k1")))
                .applyTo(registration);
        Registration forgotten = SavedRooms.of(keyed).without("#verona").applyTo(keyed);
        assertFalse(forgotten.fields().containsKey(SavedRooms.FIELD));
        assertFalse(forgotten.secrets().containsKey(SavedRooms.KEYS_FIELD));
        assertEquals(registration, forgotten);
        // A key can only belong to a remembered room, and one with a line break is not stored.
        assertTrue(new SavedRooms(Map.of(), Map.of("#verona", Secret.of("k"))).keys().isEmpty());
        assertEquals(Optional.empty(), SavedRooms.none().with("#verona", "romeo",
                Optional.of(Secret.of("k\n#mantua x"))).key("#verona"));
        // A room joined again without a key loses the old one.
        SavedRooms rekeyed = SavedRooms.of(keyed).with("#verona", "romeo", Optional.empty());
        assertEquals(Optional.empty(), rekeyed.key("#verona"));
    }
}
