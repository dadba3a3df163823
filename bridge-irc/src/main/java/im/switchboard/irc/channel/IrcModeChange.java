package im.switchboard.irc.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mode change of a channel {@code MODE} message (Modern IRC, "MODE message", "Channel modes").
 *
 * @param adding whether the mode is set ({@code +}) or removed ({@code -})
 * @param mode   the mode letter
 * @param param  its parameter (a nick for membership modes, a mask for bans), when it has one
 */
public record IrcModeChange(boolean adding, char mode, Optional<String> param) {

    public IrcModeChange {
        Objects.requireNonNull(param, "param");
    }

    /**
     * Splits {@code MODE <channel> <modestring> <args...>} ({@code params} starts at the mode string) into single
     * changes. A missing argument ends the parse (the server sent a short line: what was read is kept; I7).
     */
    public static List<IrcModeChange> parse(List<String> params, IrcPrefixes prefixes, IrcChannelModes types) {
        List<IrcModeChange> out = new ArrayList<>();
        if (params.isEmpty()) {
            return out;
        }
        String modes = params.get(0);
        int arg = 1;
        boolean adding = true;
        for (int i = 0; i < modes.length(); i++) {
            char c = modes.charAt(i);
            if (c == '+' || c == '-') {
                adding = c == '+';
                continue;
            }
            boolean needsParam = prefixes.isPrefixMode(c) || types.takesParam(c, adding);
            if (!needsParam) {
                out.add(new IrcModeChange(adding, c, Optional.empty()));
                continue;
            }
            if (arg >= params.size()) {
                // A list mode without argument is a query of the list (for example "MODE #c +b"); others are short.
                break;
            }
            out.add(new IrcModeChange(adding, c, Optional.of(params.get(arg++))));
        }
        return out;
    }
}
