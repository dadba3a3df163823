package im.switchboard.irc.session;

import im.switchboard.config.Secret;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.connection.IrcConnectRequest;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.registration.Registration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One user's settings for one IRC server, read from their {@link Registration}.
 *
 * <p>The registration (XEP-0077) holds the defaults under {@code nick}, {@code username} and {@code realname};
 * the "Configure" command on a server's JID stores per-server values under {@code server.<host>.<name>}, with
 * {@code <host>} the lower-case host name and {@code <name>} one of:
 * <ul>
 *   <li>fields: {@code nick}, {@code username}, {@code realname}, {@code sasl-account}, {@code auto-join}
 *       (comma-separated channels), {@code always-on} ({@code true}/{@code false});</li>
 *   <li>secrets (encrypted at rest, THREATS G2): {@code sasl-password}, {@code nickserv-password},
 *       {@code server-password};</li>
 *   <li>{@code reconnect}: a counter that "reconnect now" increases (see {@link #RECONNECT}).</li>
 * </ul>
 * A key is at most 64 characters (the credential store's column), which bounds the host to
 * {@link #MAX_HOST_LENGTH}; the bridge refuses longer allow-listed hosts at start.
 *
 * @param host             the server, lower case
 * @param nick             the nick to ask for
 * @param username         the USER name (ident)
 * @param realname         the real name
 * @param saslAccount      the SASL PLAIN account, if set
 * @param saslPassword     the SASL PLAIN password, if set
 * @param nickservPassword the NickServ IDENTIFY password, if set
 * @param serverPassword   the PASS password, if set
 * @param autoJoin         channels joined whenever the connection opens
 * @param alwaysOn         whether the connection is opened when the session connects, not only on demand
 */
public record IrcUserServerSettings(String host, String nick, String username, String realname,
        Optional<String> saslAccount, Optional<Secret> saslPassword, Optional<Secret> nickservPassword,
        Optional<Secret> serverPassword, List<String> autoJoin, boolean alwaysOn) {

    /** The registration form's default nick. */
    public static final String NICK = "nick";
    /** The registration form's default user name. */
    public static final String USERNAME = "username";
    /** The registration form's default real name. */
    public static final String REALNAME = "realname";

    /** Per-server key names (after {@code server.<host>.}). */
    public static final String SASL_ACCOUNT = "sasl-account";
    public static final String SASL_PASSWORD = "sasl-password";
    public static final String NICKSERV_PASSWORD = "nickserv-password";
    public static final String SERVER_PASSWORD = "server-password";
    public static final String AUTO_JOIN = "auto-join";
    public static final String ALWAYS_ON = "always-on";
    /**
     * A counter the Configure command increases when the user asks to reconnect now: an open session sees it change
     * ({@link #reconnectRequested}) and reconnects to that server. Not a form field, never shown.
     */
    public static final String RECONNECT = "reconnect";

    /** The non-secret per-server names. */
    public static final List<String> FIELDS = List.of(NICK, USERNAME, REALNAME, SASL_ACCOUNT, AUTO_JOIN, ALWAYS_ON);
    /** The secret per-server names. */
    public static final List<String> SECRETS = List.of(SASL_PASSWORD, NICKSERV_PASSWORD, SERVER_PASSWORD);

    /** The credential store keeps field names of at most this many characters. */
    public static final int MAX_KEY_LENGTH = 64;
    private static final String PREFIX = "server.";
    private static final int LONGEST_NAME = NICKSERV_PASSWORD.length();
    /** The longest host whose keys fit {@link #MAX_KEY_LENGTH}. */
    public static final int MAX_HOST_LENGTH = MAX_KEY_LENGTH - PREFIX.length() - 1 - LONGEST_NAME;

    /** Longest real name accepted. */
    public static final int MAX_REALNAME_LENGTH = 200;
    /** Longest user name accepted; servers cut it to USERLEN anyway. */
    public static final int MAX_USERNAME_LENGTH = 64;
    /** Most channels in {@code auto-join}. */
    public static final int MAX_AUTO_JOIN = 50;

    public IrcUserServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realname, "realname");
        Objects.requireNonNull(saslAccount, "saslAccount");
        Objects.requireNonNull(saslPassword, "saslPassword");
        Objects.requireNonNull(nickservPassword, "nickservPassword");
        Objects.requireNonNull(serverPassword, "serverPassword");
        autoJoin = List.copyOf(autoJoin);
    }

    /** The registration key of per-server setting {@code name} on {@code host}. */
    public static String key(String host, String name) {
        return PREFIX + IrcAddress.fold(host) + "." + name;
    }

    /**
     * The settings for {@code host}: per-server values where set, else the registration's defaults, else
     * derived ones (a user name from the nick, the nick as real name).
     */
    public static IrcUserServerSettings of(Registration registration, String host) {
        String nick = value(registration, host, NICK).orElse("");
        String username = value(registration, host, USERNAME).orElseGet(() -> defaultUsername(nick));
        String realname = value(registration, host, REALNAME).orElse(nick);
        return new IrcUserServerSettings(IrcAddress.fold(host), nick, username, realname,
                field(registration, host, SASL_ACCOUNT), secret(registration, host, SASL_PASSWORD),
                secret(registration, host, NICKSERV_PASSWORD), secret(registration, host, SERVER_PASSWORD),
                field(registration, host, AUTO_JOIN).map(IrcUserServerSettings::channels).orElse(List.of()),
                field(registration, host, ALWAYS_ON).map(IrcUserServerSettings::isTrue).orElse(false));
    }

    /** The hosts the user marked always-on, sorted. */
    public static List<String> alwaysOnHosts(Registration registration) {
        TreeSet<String> hosts = new TreeSet<>();
        String suffix = "." + ALWAYS_ON;
        registration.fields().forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.endsWith(suffix) && isTrue(value)) {
                hosts.add(key.substring(PREFIX.length(), key.length() - suffix.length()));
            }
        });
        return List.copyOf(hosts);
    }

    /** Whether {@code latest} asks for a reconnect to {@code host} that {@code before} did not ask for. */
    public static boolean reconnectRequested(Registration before, Registration latest, String host) {
        Optional<String> now = field(latest, host, RECONNECT);
        return now.isPresent() && !now.equals(field(before, host, RECONNECT));
    }

    /** The request that opens this user's connection to {@code server}. */
    public IrcConnectRequest connectRequest(String user, IrcServerPolicy server) {
        return new IrcConnectRequest(user, server, nick, username, realname, serverPassword,
                saslPassword.isPresent() ? saslAccount.or(() -> Optional.of(nick)) : Optional.empty(), saslPassword,
                nickservPassword);
    }

    /** A USER name derived from a nick: its ASCII letters and digits, lower case, at most 10; else "user". */
    public static String defaultUsername(String nick) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nick.length() && out.length() < 10; i++) {
            char c = Character.toLowerCase(nick.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.isEmpty() ? "user" : out.toString();
    }

    /** Why {@code username} cannot be a USER name (a middle parameter: no space, no control), or empty. */
    public static Optional<String> usernameProblem(String username) {
        if (username.isEmpty() || username.length() > MAX_USERNAME_LENGTH) {
            return Optional.of("the user name must have 1 to " + MAX_USERNAME_LENGTH + " characters");
        }
        for (int i = 0; i < username.length(); i++) {
            char c = username.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return Optional.of("the user name may hold only letters a-z, digits, '-', '_' and '.'");
            }
        }
        return Optional.empty();
    }

    /** Why {@code text} cannot be sent as one parameter: a control or line-separator character, or empty. */
    public static Optional<String> oneLineProblem(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return Optional.of(what + " cannot contain a control character or a line break");
            }
        }
        return Optional.empty();
    }

    /** The channels of a comma-separated list, blanks dropped, duplicates (any case) dropped. */
    public static List<String> channels(String text) {
        List<String> out = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (String item : Arrays.asList(text.split(","))) {
            String channel = item.strip();
            if (!channel.isEmpty() && seen.add(channel.toLowerCase(Locale.ROOT))) {
                out.add(channel);
            }
        }
        return out;
    }

    /** Checks a comma-separated channel list. */
    public static Optional<String> channelsProblem(String text) {
        List<String> channels = channels(text);
        if (channels.size() > MAX_AUTO_JOIN) {
            return Optional.of("at most " + MAX_AUTO_JOIN + " channels can be joined automatically");
        }
        for (String channel : channels) {
            Optional<String> problem = IrcNames.channelProblem(channel);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** XEP-0004 section 3.3 booleans: "1" and "true" are true. */
    public static boolean isTrue(String value) {
        String v = value.strip();
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    private static Optional<String> value(Registration registration, String host, String name) {
        return field(registration, host, name).or(() -> nonEmpty(registration.fields().get(name)));
    }

    private static Optional<String> field(Registration registration, String host, String name) {
        return nonEmpty(registration.fields().get(key(host, name)));
    }

    private static Optional<Secret> secret(Registration registration, String host, String name) {
        Secret secret = registration.secrets().get(key(host, name));
        return secret == null || secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
