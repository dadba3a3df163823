package im.switchboard.irc.session;

import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.irc.message.IrcMessage;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which numeric replies (Modern IRC, "Numerics") the user reads, and what they mean for joins. Pure.
 *
 * <p>Shown, from the server's address: errors (4xx and 5xx) that no fact covers, and the replies to commands a
 * user may send as raw commands (WHOIS, VERSION, TIME, ...). Not shown: the registration burst, statistics,
 * channel listings (the session reads LIST replies itself), WHO, NAMES and the other replies the translator
 * turns into state.
 */
final class IrcNumerics {

    /** Replies to a user's command; shown. */
    private static final Set<String> SHOWN_REPLIES = Set.of(
            "221", "256", "257", "258", "259", "276", "301", "305", "306", "307", "311", "312", "313", "314",
            "317", "318", "319", "320", "330", "338", "341", "351", "369", "371", "374", "378", "381", "391",
            "671");
    /** ERR_LINKCHANNEL: a JOIN forwarded to another channel (InspIRCd, Solanum); see the translator. */
    static final String ERR_LINKCHANNEL = "470";
    /** Refusals of a JOIN (470 forward, 477 registered nick needed, 489 TLS only, 520 opers only). */
    private static final Set<String> JOIN_FAILURES = Set.of(
            "403", "405", "437", "470", "471", "473", "474", "475", "476", "477", "489", "520");
    /** Refusals of a nick (ERR_ERRONEUSNICKNAME, ERR_NICKNAMEINUSE, ERR_NICKCOLLISION, ERR_UNAVAILRESOURCE). */
    private static final Set<String> NICK_FAILURES = Set.of("432", "433", "436", "437");

    private IrcNumerics() {
    }

    /** The failure a JOIN refusal means (XEP-0045 section 7.2 errors), or empty for other numerics. */
    static Optional<RoomJoinFailure> joinFailure(String numeric) {
        if (!JOIN_FAILURES.contains(numeric)) {
            return Optional.empty();
        }
        return Optional.of(switch (numeric) {
            case "471" -> RoomJoinFailure.FULL;
            // 477: the channel wants a registered nick, which XEP-0045 calls registration-required.
            case "473", "477" -> RoomJoinFailure.INVITE_ONLY;
            case "474" -> RoomJoinFailure.BANNED;
            case "475" -> RoomJoinFailure.BAD_PASSWORD;
            case "403" -> RoomJoinFailure.NOT_FOUND;
            default -> RoomJoinFailure.NOT_ACCEPTABLE;
        });
    }

    /** Whether {@code numeric} refuses a nick. */
    static boolean isNickFailure(String numeric) {
        return NICK_FAILURES.contains(numeric);
    }

    /** Whether the user reads {@code numeric}. */
    static boolean isShown(String numeric) {
        char kind = numeric.charAt(0);
        return kind == '4' || kind == '5' || SHOWN_REPLIES.contains(numeric);
    }

    /** {@code <client> [<middle> ...] :<text>} as {@code middle: text}; empty when there is no text. */
    static Optional<String> text(IrcMessage m) {
        List<String> p = m.params();
        if (p.size() < 2) {
            return Optional.empty();
        }
        String last = p.get(p.size() - 1);
        List<String> middle = p.subList(1, p.size() - 1);
        return Optional.of(middle.isEmpty() ? last : String.join(" ", middle) + ": " + last);
    }

    /** The last parameter: the human-readable text of a numeric. */
    static String trailing(IrcMessage m) {
        return m.params().isEmpty() ? "" : m.params().get(m.params().size() - 1);
    }
}
