package im.switchboard.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InMemoryRegistrationStoreTest {

    private final InMemoryRegistrationStore store = new InMemoryRegistrationStore();

    @Test
    void saveFindReplaceAndRemove() {
        store.save(new Registration("romeo@montague.lit", Map.of("nick", "romeo")));
        assertEquals(Optional.of(Map.of("nick", "romeo")), store.find("romeo@montague.lit").map(Registration::fields));

        store.save(new Registration("romeo@montague.lit", Map.of("nick", "romeo_")));
        assertEquals(List.of(new Registration("romeo@montague.lit", Map.of("nick", "romeo_"))), store.all());

        assertTrue(store.remove("romeo@montague.lit"));
        assertFalse(store.remove("romeo@montague.lit"));
        assertTrue(store.find("romeo@montague.lit").isEmpty());
    }

    @Test
    void registrationIsKeyedByABareJidAndImmutable() {
        // THREATS G8: per-user state is keyed by the bare JID, never a full JID.
        assertThrows(IllegalArgumentException.class,
                () -> new Registration("romeo@montague.lit/orchard", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Registration("", Map.of()));

        Map<String, String> fields = new HashMap<>(Map.of("nick", "romeo"));
        Registration registration = new Registration("romeo@montague.lit", fields);
        fields.put("nick", "changed");
        assertEquals("romeo", registration.fields().get("nick"));
        assertThrows(UnsupportedOperationException.class, () -> registration.fields().put("x", "y"));
    }
}
