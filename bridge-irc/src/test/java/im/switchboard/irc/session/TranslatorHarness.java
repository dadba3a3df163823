package im.switchboard.irc.session;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.ServerFeatures;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcParseResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** A translator for romeo on irc.example.net, fed literal IRC lines, with a recording sink. */
final class TranslatorHarness {

    static final String SERVER = "irc.example.net";
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    final RecordingSink sink = new RecordingSink();
    final AtomicReference<ServerFeatures> features = new AtomicReference<>(new ServerFeatures(Map.of(), Set.of()));
    final List<IrcCtcpRequest> ctcp = new ArrayList<>();
    final MutableClock clock = new MutableClock(NOW);
    final IrcEventTranslator translator;

    TranslatorHarness() {
        this(IrcTextOptions.defaults());
    }

    TranslatorHarness(IrcTextOptions options) {
        translator = new IrcEventTranslator(SERVER, sink, features::get, clock, options,
                ctcp::add);
    }

    /** Adds ISUPPORT tokens and capabilities to what the connection reports. */
    TranslatorHarness features(Map<String, String> isupport, String... caps) {
        Map<String, String> tokens = new HashMap<>(features.get().isupport());
        tokens.putAll(isupport);
        Set<String> all = new HashSet<>(features.get().caps());
        all.addAll(List.of(caps));
        features.set(new ServerFeatures(tokens, all));
        return this;
    }

    /** Feeds lines, each parsed as the connection would. */
    TranslatorHarness lines(String... lines) {
        for (String line : lines) {
            translator.onMessage(parse(line));
        }
        return this;
    }

    static IrcMessage parse(String line) {
        IrcParseResult r = IrcMessageParser.parse(line);
        if (r instanceof IrcParseResult.Parsed p) {
            return p.message();
        }
        throw new IllegalArgumentException("test line does not parse: " + line);
    }

    /** Registered as romeo, in #Verona with juliet (op) and nurse (voiced); the sink emptied. */
    TranslatorHarness inVerona() {
        translator.registered("romeo");
        translator.expectJoin("#verona", "romeo");
        lines(":romeo!r@montague.lit JOIN #Verona",
                ":irc.example.net 353 romeo = #Verona :romeo @juliet +nurse",
                ":irc.example.net 366 romeo #Verona :End of /NAMES list.");
        sink.take();
        return this;
    }

    static IrcAddress.Channel room(String name) {
        return new IrcAddress.Channel(SERVER, name);
    }

    static IrcAddress.User user(String nick) {
        return new IrcAddress.User(SERVER, nick);
    }

    static IrcAddress.Server server() {
        return new IrcAddress.Server(SERVER);
    }

    /** What the room itself says (a mode change, the channel's modes), without server-time or msgid. */
    static RecordingSink.RoomMsg fromRoom(String channel, String body) {
        return new RecordingSink.RoomMsg(RoomMessage.fromRoom(room(channel), body, Optional.empty(),
                Optional.empty()));
    }

    static Occupant occupant(String nick, Role role, Affiliation affiliation) {
        return new Occupant(nick, role, affiliation, Optional.of(user(nick)), Optional.empty(), false, "");
    }

    static Occupant participant(String nick) {
        return occupant(nick, Role.PARTICIPANT, Affiliation.NONE);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
