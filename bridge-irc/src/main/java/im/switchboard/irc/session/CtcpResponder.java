package im.switchboard.irc.session;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.irc.address.IrcNames;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.ctcp.CtcpCodec;
import im.switchboard.irc.message.IrcMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers CTCP queries (ctcp.md: VERSION, PING, TIME, CLIENTINFO) with NOTICE replies, at most one per
 * {@link #INTERVAL} per server link; the excess is dropped, so a CTCP flood never turns into a reply flood
 * that gets the gateway's address K-lined (THREATS I3, I5). Never anything but the replies of
 * {@link CtcpCodec#REPLIES}, never DCC.
 *
 * <p>Thread-safe; called from the connection's reader thread through the translator's CTCP callback.
 */
final class CtcpResponder {

    /** One reply per this interval. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /** PING tokens longer than this many characters are cut (the reply echoes it). */
    static final int MAX_PING_TOKEN = 64;

    private static final Logger LOG = LoggerFactory.getLogger(CtcpResponder.class);

    private final String version;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private Instant lastReply = Instant.MIN;

    CtcpResponder(String version, Clock clock) {
        this.version = version;
        this.clock = clock;
    }

    /** Answers {@code request} on {@code connection} if the rate allows. */
    void answer(IrcCtcpRequest request, Supplier<IrcConnection> connection) {
        String reply = replyText(request.command(), request.params());
        String nick = request.from().nick();
        if (reply == null || IrcNames.nickProblem(nick).isPresent() || !take()) {
            return;
        }
        IrcConnection current = connection.get();
        if (current == null) {
            return;
        }
        try {
            current.send(IrcMessage.of("NOTICE", nick, CtcpCodec.reply(request.command(), reply)));
        } catch (LegacyException | IllegalArgumentException e) {
            LOG.debug("CTCP reply not sent: {}", e.getMessage());
        }
    }

    private boolean take() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (now.isBefore(lastReply.plus(INTERVAL))) {
                return false;
            }
            lastReply = now;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private String replyText(String command, String params) {
        return switch (command.toUpperCase(Locale.ROOT)) {
            case "VERSION" -> version;
            case "PING" -> params.codePointCount(0, params.length()) > MAX_PING_TOKEN
                    ? params.substring(0, params.offsetByCodePoints(0, MAX_PING_TOKEN)) : params;
            case "TIME" -> DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
            case "CLIENTINFO" -> "ACTION CLIENTINFO PING TIME VERSION";
            default -> null;
        };
    }
}
