package im.switchboard.irc.command;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.BridgeCommand;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.session.IrcUserServerSettings;
import im.switchboard.registration.FieldType;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * "Configure" (XEP-0050) on an IRC server's JID ({@code irc.example.net@irc.gw}), or on the gateway's own JID in
 * fixed-server mode: the user's settings for that server, stored in their registration under the keys that
 * {@link IrcUserServerSettings} documents.
 *
 * <p>Empty text fields remove the per-server value (the registration's default applies again); empty secret
 * fields keep the stored secret; {@code forget-passwords} removes this server's secrets. Every value is checked
 * before anything is stored (THREATS I1: nothing that could end a line, no space where IRC splits parameters).
 *
 * <p>An open connection takes what IRC lets a registered client change at once (the session does it when it hears
 * of the stored registration): a new nick ({@code NICK}), new auto-join channels ({@code JOIN}), always-on. The user
 * name, real name and passwords are sent only while a connection registers (Modern IRC, "Connection
 * Registration"): they apply at the next connection, which {@code reconnect-now} makes happen at once (a clean QUIT,
 * then a new connection that rejoins the rooms). The completion note says so.
 */
public final class ConfigureCommand implements BridgeCommand {

    /** The node of this command. */
    public static final String NODE = "configure";
    /** The form's field that removes this server's stored secrets. */
    public static final String FORGET_PASSWORDS = "forget-passwords";
    /** The form's field that asks for a clean QUIT and a new connection now, with the new settings. */
    public static final String RECONNECT_NOW = "reconnect-now";

    private static final int MAX_SECRET = 300;
    private static final int MAX_ACCOUNT = 100;
    private static final int MAX_AUTO_JOIN_TEXT = 2000;

    private final Supplier<IrcSettings> settings;

    /** @param settings the bridge's current settings (read when the command runs, after configuration) */
    public ConfigureCommand(Supplier<IrcSettings> settings) {
        this.settings = settings;
    }

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
        return host(target).isPresent();
    }

    @Override
    public RegistrationForm form(Registration registration, Optional<LegacyAddress> target) {
        String host = host(target).orElse("this server");
        return new RegistrationForm("IRC settings for " + host,
                "Your settings on " + host + ". Leave a field empty to use your registration's default; leave a "
                        + "password empty to keep the stored one.",
                List.of(optional(IrcUserServerSettings.NICK, "Nickname", "Your nick on this server",
                                IrcNames.MAX_NICK_LENGTH),
                        optional(IrcUserServerSettings.USERNAME, "User name", "The ident (USER) name",
                                IrcUserServerSettings.MAX_USERNAME_LENGTH),
                        optional(IrcUserServerSettings.REALNAME, "Real name", "Shown in WHOIS",
                                IrcUserServerSettings.MAX_REALNAME_LENGTH),
                        optional(IrcUserServerSettings.SASL_ACCOUNT, "SASL account",
                                "Account for SASL PLAIN (default: your nick)", MAX_ACCOUNT),
                        secret(IrcUserServerSettings.SASL_PASSWORD, "SASL password", "Password for SASL PLAIN"),
                        secret(IrcUserServerSettings.NICKSERV_PASSWORD, "NickServ password",
                                "Sent to NickServ (IDENTIFY) when SASL is not used"),
                        secret(IrcUserServerSettings.SERVER_PASSWORD, "Server password", "The PASS password"),
                        optional(IrcUserServerSettings.AUTO_JOIN, "Channels to join",
                                "Comma-separated, joined whenever you connect, e.g. #chat,#help", MAX_AUTO_JOIN_TEXT),
                        bool(IrcUserServerSettings.ALWAYS_ON, "Always on",
                                "Connect as soon as you are online, not only when you use this server"),
                        bool(FORGET_PASSWORDS, "Forget passwords", "Remove the passwords stored for this server"),
                        bool(RECONNECT_NOW, "Reconnect now", "Quit and reconnect now, so that a new user name, real "
                                + "name or password applies at once (your rooms are rejoined)")));
    }

    @Override
    public Map<String, String> currentValues(Registration registration, Optional<LegacyAddress> target) {
        Map<String, String> values = new LinkedHashMap<>();
        host(target).ifPresent(host -> {
            for (String name : IrcUserServerSettings.FIELDS) {
                String value = registration.fields().get(IrcUserServerSettings.key(host, name));
                if (value != null) {
                    values.put(name, value);
                }
            }
            values.putIfAbsent(IrcUserServerSettings.ALWAYS_ON, "false");
            values.put(FORGET_PASSWORDS, "false");
            values.put(RECONNECT_NOW, "false");
        });
        return values;
    }

    @Override
    public Registration execute(Registration registration, Optional<LegacyAddress> target, Map<String, String> values,
            Map<String, Secret> secrets) throws LegacyException {
        String host = host(target).orElseThrow(() -> new InvalidAddressException(
                "IRC settings are configured on an allow-listed server's address"));
        check(values, secrets);
        Map<String, String> fields = new HashMap<>(registration.fields());
        Map<String, Secret> stored = new HashMap<>(registration.secrets());
        for (String name : IrcUserServerSettings.FIELDS) {
            String key = IrcUserServerSettings.key(host, name);
            String value = values.getOrDefault(name, "").strip();
            if (name.equals(IrcUserServerSettings.ALWAYS_ON)) {
                value = IrcUserServerSettings.isTrue(value) ? "true" : "";
            } else if (name.equals(IrcUserServerSettings.AUTO_JOIN)) {
                value = String.join(",", IrcUserServerSettings.channels(value));
            }
            if (value.isEmpty()) {
                fields.remove(key);
            } else {
                fields.put(key, value);
            }
        }
        boolean forget = IrcUserServerSettings.isTrue(values.getOrDefault(FORGET_PASSWORDS, "false"));
        for (String name : IrcUserServerSettings.SECRETS) {
            String key = IrcUserServerSettings.key(host, name);
            Secret secret = secrets.get(name);
            if (forget) {
                stored.remove(key);
            }
            if (secret != null && !secret.isEmpty()) {
                stored.put(key, secret);
            }
        }
        if (IrcUserServerSettings.isTrue(values.getOrDefault(RECONNECT_NOW, "false"))) {
            // a counter, so that every request is a change the open session notices
            String key = IrcUserServerSettings.key(host, IrcUserServerSettings.RECONNECT);
            long count = parseCount(fields.get(key));
            fields.put(key, Long.toString(count + 1));
        }
        return new Registration(registration.user(), fields, stored);
    }

    /**
     * Says which of the settings took effect at once and which wait for the next connection (XEP-0050 section 4.3
     * note). Names settings only, never their values.
     */
    @Override
    public String completedNote(Registration before, Registration saved, Optional<LegacyAddress> target) {
        String host = host(target).orElse("this server");
        boolean reconnect = host(target).map(h -> IrcUserServerSettings.reconnectRequested(before, saved, h))
                .orElse(false);
        StringBuilder note = new StringBuilder("Saved. If you are connected to ").append(host)
                .append(", a new nick and new channels to join apply now, and always-on at once. ");
        List<String> later = host(target).map(h -> changedAtRegistration(before, saved, h)).orElse(List.of());
        note.append("User name, real name and passwords (SASL, NickServ, server) cannot change on an open IRC "
                + "connection: they apply at your next connection");
        if (reconnect) {
            note.append("; reconnecting now.");
        } else if (!later.isEmpty()) {
            note.append(". You changed ").append(String.join(", ", later))
                    .append(": choose \"Reconnect now\" to reconnect at once (your rooms are rejoined).");
        } else {
            note.append(".");
        }
        return note.toString();
    }

    /** The settings sent only at registration that differ between {@code before} and {@code saved}, by label. */
    private static List<String> changedAtRegistration(Registration before, Registration saved, String host) {
        IrcUserServerSettings a = IrcUserServerSettings.of(before, host);
        IrcUserServerSettings b = IrcUserServerSettings.of(saved, host);
        List<String> changed = new ArrayList<>();
        if (!a.username().equals(b.username())) {
            changed.add("the user name");
        }
        if (!a.realname().equals(b.realname())) {
            changed.add("the real name");
        }
        if (!a.saslAccount().equals(b.saslAccount()) || !a.saslPassword().equals(b.saslPassword())) {
            changed.add("the SASL account or password");
        }
        if (!a.nickservPassword().equals(b.nickservPassword())) {
            changed.add("the NickServ password");
        }
        if (!a.serverPassword().equals(b.serverPassword())) {
            changed.add("the server password");
        }
        return changed;
    }

    private static long parseCount(String value) {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every value is checked before anything is changed; the message names the field, never a secret. */
    private static void check(Map<String, String> values, Map<String, Secret> secrets)
            throws InvalidAddressException {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Optional<String> problem = IrcUserServerSettings.oneLineProblem(entry.getValue(), entry.getKey());
            if (problem.isPresent()) {
                throw new InvalidAddressException(problem.get());
            }
        }
        String nick = values.getOrDefault(IrcUserServerSettings.NICK, "").strip();
        if (!nick.isEmpty()) {
            fail(IrcNames.nickProblem(nick), IrcUserServerSettings.NICK);
        }
        String username = values.getOrDefault(IrcUserServerSettings.USERNAME, "").strip();
        if (!username.isEmpty()) {
            fail(IrcUserServerSettings.usernameProblem(username), IrcUserServerSettings.USERNAME);
        }
        String account = values.getOrDefault(IrcUserServerSettings.SASL_ACCOUNT, "").strip();
        if (account.indexOf(' ') >= 0 || account.length() > MAX_ACCOUNT) {
            throw new InvalidAddressException(IrcUserServerSettings.SASL_ACCOUNT + ": an account name is one word "
                    + "of at most " + MAX_ACCOUNT + " characters");
        }
        String realname = values.getOrDefault(IrcUserServerSettings.REALNAME, "");
        if (realname.length() > IrcUserServerSettings.MAX_REALNAME_LENGTH) {
            throw new InvalidAddressException(IrcUserServerSettings.REALNAME + ": at most "
                    + IrcUserServerSettings.MAX_REALNAME_LENGTH + " characters");
        }
        fail(IrcUserServerSettings.channelsProblem(values.getOrDefault(IrcUserServerSettings.AUTO_JOIN, "")),
                IrcUserServerSettings.AUTO_JOIN);
        for (String name : List.of(IrcUserServerSettings.ALWAYS_ON, FORGET_PASSWORDS, RECONNECT_NOW)) {
            String v = values.getOrDefault(name, "").strip();
            if (!v.isEmpty() && !v.matches("(?i)0|1|true|false")) {
                throw new InvalidAddressException(name + ": must be true or false");
            }
        }
        for (Map.Entry<String, Secret> entry : secrets.entrySet()) {
            if (!IrcUserServerSettings.SECRETS.contains(entry.getKey())) {
                throw new InvalidAddressException(entry.getKey() + ": not a field of this form");
            }
            String value = entry.getValue().reveal();
            if (value.length() > MAX_SECRET || IrcUserServerSettings.oneLineProblem(value, "").isPresent()
                    || (entry.getKey().equals(IrcUserServerSettings.SERVER_PASSWORD) && value.indexOf(' ') >= 0)) {
                throw new InvalidAddressException(entry.getKey() + ": at most " + MAX_SECRET + " characters, no "
                        + "control character or line break" + (entry.getKey().equals(
                                IrcUserServerSettings.SERVER_PASSWORD) ? ", no space" : ""));
            }
        }
    }

    private static void fail(Optional<String> problem, String field) throws InvalidAddressException {
        if (problem.isPresent()) {
            throw new InvalidAddressException(field + ": " + problem.get());
        }
    }

    private Optional<String> host(Optional<LegacyAddress> target) {
        IrcSettings current = settings.get();
        Optional<String> host = target.isEmpty() ? current.fixedServer()
                : target.get() instanceof IrcAddress.Server server ? Optional.of(server.host()) : Optional.empty();
        return host.filter(h -> current.server(h).isPresent());
    }

    private static FormField optional(String name, String label, String description, int maxLength) {
        return FormField.text(name, label, description, maxLength).optional();
    }

    private static FormField secret(String name, String label, String description) {
        return FormField.secret(name, label, description, MAX_SECRET).optional();
    }

    private static FormField bool(String name, String label, String description) {
        return new FormField(name, FieldType.BOOLEAN, label, description, false, 5, List.of(), Optional.of("false"));
    }
}
