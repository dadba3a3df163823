package im.switchboard.core.register;

import im.switchboard.config.Secret;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.registration.FieldType;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xmpp.packet.PacketError;

/**
 * THREATS G1: turns submitted values into a {@link Registration} only when every value is acceptable. Every
 * refusal is {@code not-acceptable} (XEP-0077 section 3.1: "the requesting entity neglected to provide all of the
 * required information", and the same condition for values the host cannot accept) with a text that names the
 * field. Pure and thread-safe.
 *
 * <p>An update by a registered user starts from the stored registration: a field that is not submitted keeps its
 * value, and a secret submitted empty keeps the stored secret (secrets are never shown back, so a client that
 * re-submits the pre-filled form sends them empty). A non-secret submitted empty is cleared. Values under names
 * that no form field can have (a bridge command's settings, such as {@code server/irc.example.net/nick}, see
 * {@link im.switchboard.core.spi.BridgeCommand}) are kept as they are; other values of fields the form no longer
 * declares are dropped.
 */
public final class FormValidator {

    /** The names a {@link FormField} may have; other stored names belong to bridge commands. */
    private static final Pattern FORM_FIELD_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final RegistrationForm form;

    public FormValidator(RegistrationForm form) {
        this.form = form;
    }

    /**
     * The candidate registration of {@code user}.
     *
     * @param submitted the submitted values by field name (a field may carry several values; more than one is
     *                  refused)
     * @param existing  the user's current registration, for an update
     * @throws StanzaErrorException {@code not-acceptable} naming the first offending field
     */
    public Registration candidate(String user, Map<String, List<String>> submitted, Optional<Registration> existing)
            throws StanzaErrorException {
        Map<String, String> fields = new HashMap<>(existing.map(Registration::fields).orElse(Map.of()));
        Map<String, Secret> secrets = new HashMap<>(existing.map(Registration::secrets).orElse(Map.of()));
        // Values of fields the bridge no longer declares are not carried over.
        fields.keySet().removeIf(name -> form.field(name).isEmpty() && FORM_FIELD_NAME.matcher(name).matches());
        secrets.keySet().removeIf(name -> form.field(name).isEmpty() && FORM_FIELD_NAME.matcher(name).matches());
        for (Map.Entry<String, List<String>> entry : submitted.entrySet()) {
            String name = entry.getKey();
            FormField field = form.field(name).orElseThrow(() -> refuse(name.isEmpty()
                    ? "a submitted field has no name" : "'" + name + "' is not a field of this registration form"));
            String value = single(field, entry.getValue());
            check(field, value);
            if (field.secret()) {
                if (!value.isEmpty()) {
                    secrets.put(name, Secret.of(value));
                }
            } else if (value.isEmpty()) {
                fields.remove(name);
            } else {
                fields.put(name, normalise(field, value));
            }
        }
        for (FormField field : form.fields()) {
            boolean present = field.secret() ? secrets.containsKey(field.name()) : fields.containsKey(field.name());
            if (field.required() && !present) {
                throw refuse("'" + field.name() + "' (" + field.label() + ") is required");
            }
        }
        return new Registration(user, fields, secrets);
    }

    private static String single(FormField field, List<String> values) throws StanzaErrorException {
        if (values.size() > 1) {
            throw refuse("'" + field.name() + "' takes one value, not " + values.size());
        }
        return values.isEmpty() ? "" : values.getFirst();
    }

    private static void check(FormField field, String value) throws StanzaErrorException {
        int length = value.codePointCount(0, value.length());
        if (length > field.maxLength()) {
            throw refuse("'" + field.name() + "' is too long (" + length + " characters, at most "
                    + field.maxLength() + ")");
        }
        // CR/LF/NUL would let a value inject commands into line-based legacy protocols (THREATS G1, I1).
        int bad = value.codePoints().filter(c -> Character.getType(c) == Character.CONTROL).findFirst().orElse(-1);
        if (bad >= 0) {
            throw refuse("'" + field.name() + "' contains a control character (U+"
                    + String.format("%04X", bad) + ")");
        }
        if (value.isEmpty()) {
            return;
        }
        if (field.type() == FieldType.BOOLEAN && !List.of("0", "1", "true", "false").contains(value)) {
            throw refuse("'" + field.name() + "' must be a boolean (XEP-0004 section 3.3)");
        }
        if (field.type() == FieldType.LIST_SINGLE && !field.options().contains(value)) {
            throw refuse("'" + field.name() + "' must be one of " + field.options());
        }
    }

    private static String normalise(FormField field, String value) {
        if (field.type() == FieldType.BOOLEAN) {
            return Boolean.toString("1".equals(value) || "true".equals(value));
        }
        return value;
    }

    static StanzaErrorException refuse(String text) {
        return new StanzaErrorException(StanzaError.of(PacketError.Condition.not_acceptable, text));
    }
}
