package im.switchboard.irc.session;

import im.switchboard.core.spi.ChatState;
import im.switchboard.irc.address.IrcAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which {@code +typing} value, if any, to send for a XEP-0085 chat state (IRCv3 "typing" client tag
 * specification): {@code active} while the user types, {@code paused}, {@code done} when they stopped.
 *
 * <ul>
 *   <li>{@code active} is sent at most once per {@link #ACTIVE_INTERVAL} per target: the specification asks
 *       senders not to repeat it more often (receivers keep showing it for a few seconds);</li>
 *   <li>{@code paused} and {@code done} are sent only after an {@code active} or {@code paused} to that target
 *       (a state change the receiver can see), so a client that sends {@code <active/>} with every message puts
 *       no extra line on the wire.</li>
 * </ul>
 * Confined to the session's actor thread. Remembers at most {@link #MAX_TARGETS} targets (the oldest go first).
 */
final class TypingNotifier {

    /** The client tag (IRCv3 typing specification). */
    static final String TAG = "+typing";
    /** Client tags need this capability (IRCv3 Message Tags, "Client-only tags"). */
    static final String CAPABILITY = "message-tags";
    /** The typing specification: "active" no more than once every 3 seconds. */
    static final Duration ACTIVE_INTERVAL = Duration.ofSeconds(3);
    static final int MAX_TARGETS = 256;

    private final Clock clock;
    private final Map<String, Sent> last = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > MAX_TARGETS;
        }
    };

    TypingNotifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * The tag value to send to {@code target} on {@code host} for {@code state}, or empty to send nothing.
     * {@code ourNick} is part of the key: after a nick change the other side sees a new sender.
     */
    Optional<String> next(String host, String ourNick, String target, ChatState state) {
        String key = key(host, ourNick, target);
        Sent before = last.get(key);
        Instant now = clock.instant();
        String value = switch (state) {
            case COMPOSING -> "active";
            case PAUSED -> "paused";
            case ACTIVE, INACTIVE, GONE -> "done";
        };
        boolean send = switch (value) {
            case "active" -> before == null || !before.value().equals("active")
                    || !now.isBefore(before.at().plus(ACTIVE_INTERVAL));
            case "paused" -> before != null && before.value().equals("active");
            default -> before != null && !before.value().equals("done");
        };
        if (!send) {
            return Optional.empty();
        }
        last.put(key, new Sent(value, now));
        return Optional.of(value);
    }

    /**
     * A message went to {@code target}: receivers take a message as the end of typing (IRCv3 typing
     * specification), so the next {@code active} goes out at once and no {@code done} is owed.
     */
    void messageSent(String host, String ourNick, String target) {
        last.remove(key(host, ourNick, target));
    }

    private static String key(String host, String ourNick, String target) {
        return IrcAddress.fold(host) + " " + ourNick + " " + IrcAddress.fold(target);
    }

    private record Sent(String value, Instant at) {
    }
}
