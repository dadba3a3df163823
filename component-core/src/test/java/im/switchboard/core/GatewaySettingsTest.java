package im.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.GatewaySettings.RegistrationLimits;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin list (XEP-0050 commands) and registration limits (THREATS G1) of {@link GatewaySettings}. */
@Timeout(10)
class GatewaySettingsTest {

    private final GatewaySettings settings = GatewaySettings.of("fake.shakespeare.lit", Set.of("montague.lit"));

    @Test
    void adminsAreNormalisedBareJids() {
        GatewaySettings s = settings.withAdmins(Set.of(" Escalus@Montague.LIT "));
        assertEquals(Set.of("escalus@montague.lit"), s.admins());
        assertTrue(s.isAdmin("escalus@montague.lit"));
        assertFalse(s.isAdmin("romeo@montague.lit"));
        assertThrows(IllegalArgumentException.class, () -> settings.withAdmins(Set.of("escalus@montague.lit/x")));
        assertThrows(IllegalArgumentException.class, () -> settings.withAdmins(Set.of("montague.lit")));
    }

    @Test
    void defaultsAndCopiesKeepTheNewFields() {
        assertEquals(RegistrationLimits.DEFAULT, settings.registrationLimits());
        assertEquals(5, RegistrationLimits.DEFAULT.perUser());
        assertTrue(settings.admins().isEmpty());
        RegistrationLimits limits = new RegistrationLimits(1, 2, Duration.ofSeconds(5));
        GatewaySettings s = settings.withAdmins(Set.of("escalus@montague.lit")).withRegistrationLimits(limits)
                .withMailboxCapacity(3);
        assertEquals(limits, s.registrationLimits());
        assertEquals(Set.of("escalus@montague.lit"), s.admins());
        assertThrows(IllegalArgumentException.class, () -> new RegistrationLimits(0, 1, Duration.ofSeconds(1)));
    }
}
