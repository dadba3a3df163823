package im.switchboard.core.testing.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake codec round-trips every valid name and refuses the rest. */
@Timeout(10)
class FakeAddressCodecTest {

    private final FakeAddressCodec codec = new FakeAddressCodec();

    @Test
    void roundTrip() throws InvalidAddressException {
        for (String name : List.of("juliet", "echo", "a", "nurse.2", "friar_laurence", "x-y", "a".repeat(64))) {
            LegacyAddress address = codec.decode(name);
            assertEquals(name, codec.encode(address));
            assertEquals(address, codec.decode(codec.encode(address)));
        }
    }

    @Test
    void roomsAreHashNames() throws InvalidAddressException {
        LegacyAddress room = codec.decode("#verona");
        assertEquals(new FakeRoom("verona"), room);
        assertEquals("#verona", codec.encode(room));
        assertEquals(true, room.isRoom());
        assertThrows(InvalidAddressException.class, () -> codec.decode("#"));
    }

    @Test
    void invalidLocalPartsAreRefused() {
        for (String name : List.of("", "Juliet", "jul iet", "juliet@x", "a".repeat(65), "ju/liet", "r\u00f6meo")) {
            assertThrows(InvalidAddressException.class, () -> codec.decode(name), name);
        }
    }
}
