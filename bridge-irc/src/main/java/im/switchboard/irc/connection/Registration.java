package im.switchboard.irc.connection;

import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.message.IrcMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The protocol a connection speaks for itself, as a pure state machine (server line in, lines to send out; no
 * I/O, tested without sockets).
 *
 * <p>Before RPL_WELCOME it runs connection registration (Modern IRC, "Connection Registration": {@code CAP LS 302},
 * {@code PASS}, {@code NICK}/{@code USER}, capability negotiation, SASL, {@code CAP END}); {@code NICK} and
 * {@code USER} are written by PircBotX's connect. Capability negotiation follows IRCv3 "Capability Negotiation"
 * 3.2: a multi-line {@code CAP LS} ends with the line without the {@code *} parameter; one {@code CAP REQ} for
 * every wanted capability the server offers; a {@code NAK} refuses the whole request, so a refused group is asked
 * again one capability at a time. SASL follows IRCv3 "SASL 3.1/3.2": {@code AUTHENTICATE PLAIN}, the server's
 * {@code AUTHENTICATE +}, the base64 of {@code authzid NUL authcid NUL password} in chunks of 400 bytes (a final
 * {@code +} when the last chunk is exactly 400), then 903 (success) or 904/905 (failure).
 *
 * <p>After RPL_WELCOME it keeps what the connection reports: our nick (NICK lines about us), ISUPPORT (005)
 * tokens, capabilities (ACK/NEW/DEL with cap-notify), the server's ERROR text. It answers PING in both phases.
 *
 * <p>Not thread-safe: the connection's reader thread owns it.
 */
final class Registration {

    /** The token of the keepalive PINGs the connection sends; their PONGs are not handed up. */
    static final String KEEPALIVE_TOKEN = "switchboard-keepalive";

    private static final int SASL_CHUNK = 400;

    /**
     * What one server line caused.
     *
     * @param send       lines to write now, in order
     * @param registered the nick the server welcomed us with, on RPL_WELCOME
     * @param failure    why registration failed, once
     * @param deliver    whether the line goes to the listener
     */
    record Step(List<Outgoing> send, Optional<String> registered, Optional<LegacyException> failure,
            boolean deliver) {

        Step {
            send = List.copyOf(send);
        }
    }

    private final RegistrationPlan plan;
    private final Map<String, String> offered = new LinkedHashMap<>();
    private final Set<String> acked = new LinkedHashSet<>();
    private final Map<String, String> isupport = new LinkedHashMap<>();
    private final Set<List<String>> pendingRequests = new LinkedHashSet<>();
    private String nick;
    private int nickAttempts;
    private boolean capEnded;
    private boolean saslStarted;
    private boolean saslSucceeded;
    private boolean registered;
    private boolean failed;
    private Optional<String> serverError = Optional.empty();

    Registration(RegistrationPlan plan) {
        this.plan = plan;
        this.nick = plan.nick();
    }

    /**
     * The lines before PircBotX's NICK and USER: WEBIRC first (the server must know the real host before anything
     * else), {@code CAP LS 302}, then PASS, which must precede NICK/USER.
     */
    List<Outgoing> start() {
        List<Outgoing> out = new ArrayList<>();
        plan.webirc().ifPresent(w -> out.add(Outgoing.secret("WEBIRC " + w.password().reveal() + " " + w.gateway()
                + " " + w.hostname() + " " + w.ip())));
        out.add(Outgoing.plain("CAP LS 302"));
        plan.serverPassword().filter(p -> !p.isEmpty())
                .ifPresent(p -> out.add(Outgoing.secret("PASS " + trailing(p.reveal()))));
        return out;
    }

    /** Handles one parsed server line. */
    Step handle(IrcMessage m) {
        List<Outgoing> out = new ArrayList<>();
        String command = m.command();
        if (command.equals("PING")) {
            // Modern IRC, "PING message": reply with the same token, before and after registration.
            out.add(Outgoing.plain("PONG " + trailing(m.param(m.params().size() - 1).orElse(""))));
            return new Step(out, Optional.empty(), Optional.empty(), false);
        }
        if (command.equals("PONG") && m.params().size() > 0
                && m.params().get(m.params().size() - 1).equals(KEEPALIVE_TOKEN)) {
            return new Step(out, Optional.empty(), Optional.empty(), false);
        }
        if (command.equals("CAP")) {
            handleCap(m, out);
            return new Step(out, Optional.empty(), Optional.empty(), registered);
        }
        if (registered) {
            afterWelcome(m);
            return new Step(out, Optional.empty(), Optional.empty(), true);
        }
        if (failed) {
            return new Step(out, Optional.empty(), Optional.empty(), false);
        }
        return beforeWelcome(m, out);
    }

    private Step beforeWelcome(IrcMessage m, List<Outgoing> out) {
        Optional<LegacyException> failure = Optional.empty();
        switch (m.command()) {
            case "AUTHENTICATE" -> {
                if (saslStarted && m.param(0).orElse("").equals("+")) {
                    sendSaslPlain(out);
                }
            }
            case "903", "907" -> {
                // RPL_SASLSUCCESS, or ERR_SASLALREADY: authenticated either way.
                saslSucceeded = true;
                endCap(out);
            }
            case "906" -> endCap(out);
            case "904", "905" -> failure = Optional.of(new AuthenticationFailedException(
                    "SASL authentication failed: the IRC server refused the account or password"));
            case "464" -> failure = Optional.of(refusedPassword());
            case "465", "463" -> failure = Optional.of(new RateLimitedException(serverText(m,
                    "The IRC server refuses connections from this gateway")));
            case "ERROR" -> failure = Optional.of(closedBeforeWelcome(m));
            case "410" -> endCap(out);
            case "432", "433", "436", "437" -> failure = nextNick(m, out);
            case "001" -> {
                registered = true;
                nick = m.param(0).orElse(nick);
                // A server that negotiates capabilities holds registration until CAP END, so a welcome before
                // ours means it ignored CAP LS: no CAP END to a server that does not know the command.
                capEnded = true;
                if (!saslSucceeded) {
                    plan.nickservPassword().filter(p -> !p.isEmpty()).ifPresent(p ->
                            out.add(Outgoing.secret("PRIVMSG NickServ :IDENTIFY " + p.reveal())));
                }
                return new Step(out, Optional.of(nick), Optional.empty(), true);
            }
            default -> {
                // NOTICE AUTH, 900 RPL_LOGGEDIN, 908 RPL_SASLMECHS (904 follows) and the like need nothing.
            }
        }
        if (failure.isPresent()) {
            failed = true;
        }
        return new Step(out, Optional.empty(), failure, false);
    }

    /**
     * ERR_PASSWDMISMATCH (464) answers a wrong PASS, and on some servers (ngircd) a wrong WEBIRC password too: with
     * no PASS sent, the WEBIRC password is the one refused, and that is the administrator's setting, not the user's.
     */
    private LegacyException refusedPassword() {
        if (sentServerPassword() || plan.webirc().isEmpty()) {
            return new AuthenticationFailedException("The IRC server refused the server password");
        }
        return new AuthenticationFailedException(
                "The IRC server refused the gateway's WEBIRC password (ask the gateway's administrator)");
    }

    /**
     * An ERROR before the welcome: most servers send it for a ban, a connection limit or a throttle (retry later),
     * but some refuse a wrong PASS this way with no 464 (ngircd 26: {@code ERROR :Access denied: Bad password?}).
     * Only the server's words tell the two apart; a password refusal must not be retried as if it would pass.
     */
    private LegacyException closedBeforeWelcome(IrcMessage m) {
        String text = serverText(m, "The IRC server closed the connection");
        if (sentServerPassword() && text.toLowerCase(Locale.ROOT).contains("password")) {
            return new AuthenticationFailedException("The IRC server refused the server password (" + text + ")");
        }
        return new RateLimitedException(text);
    }

    private boolean sentServerPassword() {
        return plan.serverPassword().filter(p -> !p.isEmpty()).isPresent();
    }

    private void afterWelcome(IrcMessage m) {
        switch (m.command()) {
            case "NICK" -> {
                if (m.source().isPresent() && sameNick(m.source().get().name(), nick) && m.param(0).isPresent()) {
                    nick = m.param(0).get();
                }
            }
            case "005" -> readIsupport(m);
            case "ERROR" -> serverError = Optional.of(serverText(m, "The IRC server closed the connection"));
            default -> {
                // Everything else is the session's business.
            }
        }
    }

    private Optional<LegacyException> nextNick(IrcMessage m, List<Outgoing> out) {
        nickAttempts++;
        if (nickAttempts > plan.maxNickAttempts()) {
            return Optional.of(new TransientFailureException("The IRC server accepted none of the nicks tried ("
                    + plan.nick() + " and " + plan.maxNickAttempts() + " others)"));
        }
        nick = NickFallback.candidate(plan.nick(), nickAttempts, m.command().equals("432"));
        out.add(Outgoing.plain("NICK " + nick));
        return Optional.empty();
    }

    private void handleCap(IrcMessage m, List<Outgoing> out) {
        String sub = m.param(1).orElse("").toUpperCase(Locale.ROOT);
        List<String> caps = words(m.param(m.params().size() - 1).orElse(""));
        switch (sub) {
            case "LS" -> {
                for (String cap : caps) {
                    int eq = cap.indexOf('=');
                    offered.put(lower(eq < 0 ? cap : cap.substring(0, eq)), eq < 0 ? "" : cap.substring(eq + 1));
                }
                // CAP LS 302: "CAP * LS * :..." announces more lines; the last one has no "*".
                boolean more = m.params().size() >= 4 && m.param(2).orElse("").equals("*");
                if (!more && !capEnded && !registered) {
                    List<String> wanted = wanted(offered.keySet(), true);
                    if (wanted.isEmpty()) {
                        endCap(out);
                    } else {
                        request(wanted, out);
                    }
                }
            }
            case "ACK" -> {
                for (String cap : caps) {
                    if (cap.startsWith("-")) {
                        acked.remove(lower(cap.substring(1)));
                    } else {
                        acked.add(lower(cap));
                    }
                }
                answered(caps, out);
            }
            case "NAK" -> {
                List<String> refused = caps.stream().map(Registration::lower).toList();
                boolean known = pendingRequests.remove(refused);
                if (known && refused.size() > 1) {
                    // The whole request was refused (IRCv3 capability negotiation: REQ is atomic); ask one by one.
                    refused.forEach(cap -> request(List.of(cap), out));
                } else {
                    maybeEndNegotiation(out);
                }
            }
            case "NEW" -> {
                for (String cap : caps) {
                    int eq = cap.indexOf('=');
                    offered.put(lower(eq < 0 ? cap : cap.substring(0, eq)), eq < 0 ? "" : cap.substring(eq + 1));
                }
                List<String> fresh = wanted(caps.stream().map(c -> lower(c.split("=", 2)[0])).toList(), false);
                if (!fresh.isEmpty()) {
                    request(fresh, out);
                }
            }
            case "DEL" -> caps.forEach(cap -> {
                offered.remove(lower(cap));
                acked.remove(lower(cap));
            });
            default -> {
                // LIST replies and unknown subcommands change nothing.
            }
        }
    }

    private void answered(List<String> caps, List<Outgoing> out) {
        List<String> names = caps.stream().map(c -> lower(c.startsWith("-") ? c.substring(1) : c)).toList();
        if (!pendingRequests.remove(names)) {
            pendingRequests.removeIf(r -> r.containsAll(names));
        }
        maybeEndNegotiation(out);
    }

    private void maybeEndNegotiation(List<Outgoing> out) {
        if (!pendingRequests.isEmpty() || capEnded || registered) {
            return;
        }
        if (acked.contains("sasl") && plan.hasSasl() && !saslStarted) {
            saslStarted = true;
            out.add(Outgoing.plain("AUTHENTICATE PLAIN"));
            return;
        }
        if (!saslStarted || saslSucceeded) {
            endCap(out);
        }
    }

    private List<String> wanted(Iterable<String> candidates, boolean withSasl) {
        List<String> out = new ArrayList<>();
        for (String cap : candidates) {
            if (!plan.wantedCaps().contains(cap) || acked.contains(cap) || out.contains(cap)) {
                continue;
            }
            if (cap.equals("sasl") && !(withSasl && plan.hasSasl() && saslOffersPlain())) {
                continue;
            }
            out.add(cap);
        }
        return out;
    }

    private boolean saslOffersPlain() {
        String mechanisms = offered.getOrDefault("sasl", "");
        if (mechanisms.isEmpty()) {
            return true;
        }
        for (String mechanism : mechanisms.split(",")) {
            if (mechanism.equalsIgnoreCase("PLAIN")) {
                return true;
            }
        }
        return false;
    }

    private void request(List<String> caps, List<Outgoing> out) {
        pendingRequests.add(List.copyOf(caps));
        out.add(Outgoing.plain("CAP REQ :" + String.join(" ", caps)));
    }

    private void endCap(List<Outgoing> out) {
        if (!capEnded) {
            capEnded = true;
            out.add(Outgoing.plain("CAP END"));
        }
    }

    private void sendSaslPlain(List<Outgoing> out) {
        String account = plan.saslAccount().orElseThrow();
        byte[] raw = (account + "\0" + account + "\0" + plan.saslPassword().orElseThrow().reveal())
                .getBytes(StandardCharsets.UTF_8);
        String encoded = Base64.getEncoder().encodeToString(raw);
        for (int i = 0; i < encoded.length(); i += SASL_CHUNK) {
            out.add(Outgoing.secret("AUTHENTICATE " + encoded.substring(i, Math.min(encoded.length(),
                    i + SASL_CHUNK))));
        }
        if (encoded.length() % SASL_CHUNK == 0) {
            out.add(Outgoing.plain("AUTHENTICATE +"));
        }
    }

    private void readIsupport(IrcMessage m) {
        // RPL_ISUPPORT: "<client> <1-13 tokens> :are supported by this server"; "-TOKEN" withdraws one.
        List<String> p = m.params();
        for (int i = 1; i < p.size() - 1; i++) {
            String token = p.get(i);
            if (token.startsWith("-")) {
                isupport.remove(token.substring(1));
                continue;
            }
            int eq = token.indexOf('=');
            if (eq < 0) {
                isupport.put(token, "");
            } else {
                isupport.put(token.substring(0, eq), unescapeIsupport(token.substring(eq + 1)));
            }
        }
    }

    /** RPL_ISUPPORT values escape bytes as {@code \xHH} (Modern IRC, "RPL_ISUPPORT Parameters"). */
    static String unescapeIsupport(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 3 < value.length() && value.charAt(i + 1) == 'x') {
                try {
                    out.append((char) Integer.parseInt(value.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // Not an escape: keep the backslash as it is.
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Whether two nicks are the same under the server's CASEMAPPING (rfc1459 unless it says ascii). */
    boolean sameNick(String a, String b) {
        boolean ascii = isupport.getOrDefault("CASEMAPPING", "rfc1459").equalsIgnoreCase("ascii");
        return fold(a, ascii).equals(fold(b, ascii));
    }

    private static String fold(String nick, boolean ascii) {
        StringBuilder out = new StringBuilder(nick.length());
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            } else if (!ascii) {
                c = switch (c) {
                    case '[' -> '{';
                    case ']' -> '}';
                    case '\\' -> '|';
                    case '~' -> '^';
                    default -> c;
                };
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String serverText(IrcMessage m, String fallback) {
        String text = m.params().isEmpty() ? "" : m.params().get(m.params().size() - 1);
        return text.isBlank() ? fallback : "The IRC server said: " + text;
    }

    private static String trailing(String text) {
        return text.isEmpty() || text.indexOf(' ') >= 0 || text.startsWith(":") ? ":" + text : text;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.split(" ")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    String nick() {
        return nick;
    }

    boolean isRegistered() {
        return registered;
    }

    boolean saslSucceeded() {
        return saslSucceeded;
    }

    Optional<String> serverError() {
        return serverError;
    }

    ServerFeatures features() {
        return new ServerFeatures(isupport, acked);
    }
}
