package im.switchboard.irc.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IRC message (Modern IRC, "Message Format").
 *
 * @param tags    IRCv3 message tags, unescaped, in line order; a tag without value maps to the empty string
 * @param source  where the message came from, absent on most client-sent messages
 * @param command an upper-case command word or a three-digit numeric
 * @param params  the parameters, the trailing one included as the last element (without its colon)
 */
public record IrcMessage(Map<String, String> tags, Optional<IrcSource> source, String command, List<String> params) {

    public IrcMessage {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        Objects.requireNonNull(source, "source");
        command = Objects.requireNonNull(command, "command").toUpperCase(Locale.ROOT);
        params = List.copyOf(Objects.requireNonNull(params, "params"));
    }

    /** A client message without tags or source, for example {@code of("PRIVMSG", "#chan", "hello")}. */
    public static IrcMessage of(String command, String... params) {
        return new IrcMessage(Map.of(), Optional.empty(), command, List.of(params));
    }

    /** The parameter at {@code index}, or empty. */
    public Optional<String> param(int index) {
        return index < params.size() ? Optional.of(params.get(index)) : Optional.empty();
    }

    /** Whether the command is a three-digit numeric reply. */
    public boolean isNumeric() {
        return command.length() == 3 && command.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
