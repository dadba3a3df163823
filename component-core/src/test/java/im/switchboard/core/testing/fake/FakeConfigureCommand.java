package im.switchboard.core.testing.fake;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.BridgeCommand;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.registration.FieldType;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fake bridge's "Configure" command (XEP-0050), the model of IRC's per-server settings: offered on the gateway
 * JID (gateway-wide settings) and on fake "network" entities, those whose name ends in {@value #NETWORK_SUFFIX}
 * ({@code verona-net@fake...}). Its settings are stored in the registration under {@code gateway/<field>} or
 * {@code net/<name>/<field>}, names no registration form field can have. The nick {@value #RESERVED_NICK} is
 * refused, as a bridge refuses a value it cannot use.
 */
public final class FakeConfigureCommand implements BridgeCommand {

    /** The node. */
    public static final String NODE = "configure";
    /** The entities the command applies to end with this. */
    public static final String NETWORK_SUFFIX = "-net";
    /** The nick field. */
    public static final String NICK = "nick";
    /** The auto-join field. */
    public static final String AUTOJOIN = "autojoin";
    /** The secret field. */
    public static final String SERVER_PASSWORD = "server-password";
    /** A nick the command refuses. */
    public static final String RESERVED_NICK = "nobody";

    private final List<Thread> executeThreads = new CopyOnWriteArrayList<>();

    @Override
    public String node() {
        return NODE;
    }

    @Override
    public String name() {
        return "Configure";
    }

    @Override
    public boolean appliesTo(Optional<LegacyAddress> target) {
        return target.isEmpty() || target.get() instanceof FakeAddress a && a.name().endsWith(NETWORK_SUFFIX);
    }

    /** Where a target's settings are stored. */
    public static String prefix(Optional<LegacyAddress> target) {
        return target.map(t -> "net/" + t.display() + "/").orElse("gateway/");
    }

    @Override
    public RegistrationForm form(Registration registration, Optional<LegacyAddress> target) {
        return new RegistrationForm("Configure " + target.map(LegacyAddress::display).orElse("the gateway"),
                "Settings for this network.", List.of(
                        FormField.text(NICK, "Nickname", "Your nick on this network", 32),
                        new FormField(AUTOJOIN, FieldType.BOOLEAN, "Join on connect", "", false, 5, List.of(),
                                Optional.of("false")),
                        FormField.secret(SERVER_PASSWORD, "Server password", "", 64).optional()));
    }

    @Override
    public Map<String, String> currentValues(Registration registration, Optional<LegacyAddress> target) {
        Map<String, String> values = new HashMap<>();
        for (String field : List.of(NICK, AUTOJOIN)) {
            String value = registration.fields().get(prefix(target) + field);
            if (value != null) {
                values.put(field, value);
            }
        }
        return values;
    }

    @Override
    public Registration execute(Registration registration, Optional<LegacyAddress> target,
            Map<String, String> values, Map<String, Secret> secrets) throws InvalidAddressException {
        executeThreads.add(Thread.currentThread());
        if (RESERVED_NICK.equals(values.get(NICK))) {
            throw new InvalidAddressException("nick: '" + RESERVED_NICK + "' is reserved on this network");
        }
        Map<String, String> fields = new HashMap<>(registration.fields());
        Map<String, Secret> stored = new HashMap<>(registration.secrets());
        String prefix = prefix(target);
        values.forEach((name, value) -> {
            if (value.isEmpty()) {
                fields.remove(prefix + name);
            } else {
                fields.put(prefix + name, value);
            }
        });
        secrets.forEach((name, value) -> stored.put(prefix + name, value));
        return new Registration(registration.user(), fields, stored);
    }

    /** The threads {@link #execute} ran on, in order. */
    public List<Thread> executeThreads() {
        return List.copyOf(executeThreads);
    }
}
