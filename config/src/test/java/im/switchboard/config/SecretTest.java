package im.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREATS G3: a secret never prints itself. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SecretTest {

    @Test
    void toStringIsTheMaskWhateverTheValue() {
        assertEquals("******", Secret.of("hunter2").toString());
        assertEquals("******", Secret.of("").toString());
        assertEquals(Secret.MASK, Secret.of("a much longer secret value").toString());
        assertEquals("x=******", "x=" + Secret.of("hunter2"));
    }

    @Test
    void revealGivesTheValue() {
        assertEquals("hunter2", Secret.of("hunter2").reveal());
        assertTrue(Secret.of("").isEmpty());
        assertFalse(Secret.of("x").isEmpty());
    }

    @Test
    void equalityIsByValue() {
        assertEquals(Secret.of("hunter2"), Secret.of("hunter2"));
        assertEquals(Secret.of("hunter2").hashCode(), Secret.of("hunter3").hashCode());
        assertNotEquals(Secret.of("hunter2"), Secret.of("hunter3"));
        assertNotEquals(Secret.of("hunter2"), Secret.of("hunter22"));
        assertNotEquals(Secret.of("é"), Secret.of("e"));
        assertFalse(Secret.of("hunter2").equals("hunter2"));
    }

    @Test
    void isNotSerializableAndRejectsNull() {
        assertFalse(Serializable.class.isAssignableFrom(Secret.class));
        assertThrows(NullPointerException.class, () -> Secret.of(null));
    }
}
