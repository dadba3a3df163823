package im.switchboard.core.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.registration.FieldType;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.PacketError;

/** THREATS G1 checks of submitted registration values, without XML. */
@Timeout(10)
class FormValidatorTest {

    private static final String USER = "romeo@montague.lit";

    private final FormValidator validator = new FormValidator(new RegistrationForm("t", "i", List.of(
            FormField.text("username", "User name", "", 8),
            FormField.secret("password", "Password", "", 16),
            new FormField("tls", FieldType.BOOLEAN, "Use TLS", "", false, 5, List.of(), Optional.of("true")),
            new FormField("server", FieldType.LIST_SINGLE, "Server", "", false, 32, List.of("a.lit", "b.lit"),
                    Optional.empty()))));

    private String refusal(Map<String, List<String>> values) {
        StanzaErrorException e = assertThrows(StanzaErrorException.class,
                () -> validator.candidate(USER, values, Optional.empty()));
        assertEquals(PacketError.Condition.not_acceptable, e.error().condition());
        assertEquals(PacketError.Type.modify, e.error().type());
        return e.error().text();
    }

    @Test
    void secretsAndFieldsAreSeparated() throws Exception {
        Registration r = validator.candidate(USER, Map.of("username", List.of("romeo"), "password", List.of("pw"),
                "tls", List.of("1"), "server", List.of("b.lit")), Optional.empty());
        assertEquals(Map.of("username", "romeo", "tls", "true", "server", "b.lit"), r.fields());
        assertEquals("pw", r.secrets().get("password").reveal());
    }

    @Test
    void nulAndOtherControlCharactersAreRefused() {
        for (String bad : List.of("a\u0000b", "a\rb", "a\nb", "a\u007fb", "a\u0085b")) {
            assertTrue(refusal(Map.of("username", List.of(bad), "password", List.of("pw"))).contains("username"));
        }
        assertTrue(refusal(Map.of("username", List.of("romeo"), "password", List.of("p\nw"))).contains("password"));
    }

    @Test
    void lengthIsCountedInCharactersNotBytes() throws Exception {
        validator.candidate(USER, Map.of("username", List.of("\uD83D\uDE00".repeat(8)), "password", List.of("pw")),
                Optional.empty());
        assertTrue(refusal(Map.of("username", List.of("x".repeat(9)), "password", List.of("pw")))
                .contains("at most 8"));
    }

    @Test
    void typedValuesAreChecked() {
        assertTrue(refusal(Map.of("username", List.of("r"), "password", List.of("p"), "tls", List.of("yes")))
                .contains("tls"));
        assertTrue(refusal(Map.of("username", List.of("r"), "password", List.of("p"), "server", List.of("c.lit")))
                .contains("server"));
        assertTrue(refusal(Map.of("username", List.of("r", "s"), "password", List.of("p"))).contains("one value"));
        assertTrue(refusal(Map.of("", List.of("r"))).contains("no name"));
    }

    @Test
    void anUpdateKeepsTheSecretWhenItIsSubmittedEmpty() throws Exception {
        Registration old = new Registration(USER, Map.of("username", "romeo"), Map.of("password", Secret.of("old")));
        Registration r = validator.candidate(USER, Map.of("password", List.of("")), Optional.of(old));
        assertEquals("old", r.secrets().get("password").reveal());
        assertEquals("romeo", r.fields().get("username"));
        assertTrue(refusal(Map.of("username", List.of(""), "password", List.of("x"))).contains("required"));
    }
}
