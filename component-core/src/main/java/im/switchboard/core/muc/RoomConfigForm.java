package im.switchboard.core.muc;

import im.switchboard.config.Secret;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.spi.RoomConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.dom4j.Element;
import org.xmpp.packet.PacketError.Condition;

/**
 * The {@code muc#roomconfig} form of XEP-0045 section 10.2 (fields registered in section 15.5.3), limited to the
 * settings the network can express: a field is offered only when the bridge reports a value for it, and a
 * submitted form may set only those fields. Pure.
 */
final class RoomConfigForm {

    /** The FORM_TYPE (section 15.5.3). */
    static final String FORM_TYPE = "http://jabber.org/protocol/muc#roomconfig";
    static final String CHANGE_SUBJECT = "muc#roomconfig_changesubject";
    static final String MODERATED = "muc#roomconfig_moderatedroom";
    static final String MEMBERS_ONLY = "muc#roomconfig_membersonly";
    static final String PUBLIC = "muc#roomconfig_publicroom";
    static final String PASSWORD_PROTECTED = "muc#roomconfig_passwordprotectedroom";
    static final String SECRET = "muc#roomconfig_roomsecret";
    static final String MAX_USERS = "muc#roomconfig_maxusers";
    /** The maxusers choices offered besides the current value (section 15.5.3 example); "none" is no limit. */
    private static final List<String> MAX_USERS_CHOICES = List.of("10", "20", "30", "50", "100", "none");

    private RoomConfigForm() {
    }

    /** The form with the room's current settings as values (section 10.2: "the current options set as defaults"). */
    static Element render(RoomConfiguration current) {
        Element x = DataForms.form("form", "Room configuration",
                "The settings of this room that the network can express.");
        DataForms.addFormType(x, FORM_TYPE);
        current.changeSubject().ifPresent(v -> bool(x, CHANGE_SUBJECT, "Whether to Allow Occupants to Change Subject",
                v));
        current.moderated().ifPresent(v -> bool(x, MODERATED, "Whether to Make Room Moderated", v));
        current.membersOnly().ifPresent(v -> bool(x, MEMBERS_ONLY, "Whether to Make Room Members-Only", v));
        current.publicRoom().ifPresent(v -> bool(x, PUBLIC, "Whether to Allow Public Searching for Room", v));
        current.passwordProtected().ifPresent(v -> {
            bool(x, PASSWORD_PROTECTED, "Whether a Password is Required to Enter", v);
            Element secret = field(x, SECRET, "text-private", "The Room Password");
            current.password().ifPresent(p -> secret.addElement("value").setText(p.reveal()));
        });
        current.maxUsers().ifPresent(max -> {
            Element field = field(x, MAX_USERS, "list-single", "Maximum Number of Room Occupants");
            String value = max == 0 ? "none" : Integer.toString(max);
            field.addElement("value").setText(value);
            if (!MAX_USERS_CHOICES.contains(value)) {
                option(field, value);
            }
            MAX_USERS_CHOICES.forEach(choice -> option(field, choice));
        });
        return x;
    }

    /**
     * The settings a submitted form asks for; fields it does not carry stay as they are.
     *
     * @throws StanzaErrorException {@code bad-request} for a value that cannot be read, {@code not-acceptable} for
     *                              a field the room does not offer (XEP-0004 section 3.2)
     */
    static RoomConfiguration parse(Element x) throws StanzaErrorException {
        Optional<String> formType = DataForms.formType(x);
        if (formType.isPresent() && !FORM_TYPE.equals(formType.get())) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "not a muc#roomconfig form"));
        }
        Map<String, List<String>> values = DataForms.values(x);
        for (String var : values.keySet()) {
            if (!List.of(CHANGE_SUBJECT, MODERATED, MEMBERS_ONLY, PUBLIC, PASSWORD_PROTECTED, SECRET, MAX_USERS)
                    .contains(var)) {
                throw new StanzaErrorException(StanzaError.of(Condition.not_acceptable,
                        "this room cannot set " + (var.isEmpty() ? "a field without a name" : var)));
            }
        }
        Optional<Secret> secret = single(values, SECRET).filter(s -> !s.isEmpty()).map(Secret::of);
        // Protected without a secret keeps the current password (a client may echo a form whose secret the network
        // hid); the bridge refuses it when the room has none yet.
        Optional<Boolean> passwordProtected = bool(values, PASSWORD_PROTECTED);
        return new RoomConfiguration(bool(values, CHANGE_SUBJECT), bool(values, MODERATED),
                bool(values, MEMBERS_ONLY), bool(values, PUBLIC), passwordProtected.or(() -> secret.map(s -> true)),
                secret, maxUsers(values));
    }

    private static void bool(Element x, String var, String label, boolean value) {
        field(x, var, "boolean", label).addElement("value").setText(value ? "1" : "0");
    }

    private static Element field(Element x, String var, String type, String label) {
        return x.addElement("field").addAttribute("var", var).addAttribute("type", type).addAttribute("label", label);
    }

    private static void option(Element field, String value) {
        field.addElement("option").addAttribute("label", value).addElement("value").setText(value);
    }

    private static Optional<String> single(Map<String, List<String>> values, String var)
            throws StanzaErrorException {
        List<String> list = values.get(var);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        if (list.size() > 1) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, var + " takes one value"));
        }
        return Optional.of(list.get(0).strip());
    }

    /** XEP-0004 section 3.3: a boolean is "0", "1", "false" or "true". */
    private static Optional<Boolean> bool(Map<String, List<String>> values, String var) throws StanzaErrorException {
        Optional<String> value = single(values, var);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (value.get()) {
            case "1", "true" -> Optional.of(true);
            case "0", "false" -> Optional.of(false);
            default -> throw new StanzaErrorException(StanzaError.of(Condition.bad_request, var + " is a boolean"));
        };
    }

    private static OptionalInt maxUsers(Map<String, List<String>> values) throws StanzaErrorException {
        Optional<String> value = single(values, MAX_USERS);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.get().equals("none") || value.get().isEmpty()) {
            return OptionalInt.of(0);
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= 0) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new StanzaErrorException(StanzaError.of(Condition.bad_request, MAX_USERS + " is a number or none"));
    }
}
