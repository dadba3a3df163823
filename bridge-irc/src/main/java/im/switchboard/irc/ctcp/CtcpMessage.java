package im.switchboard.irc.ctcp;

import java.util.Objects;

/** What the text of a PRIVMSG or NOTICE means under CTCP. */
public sealed interface CtcpMessage permits CtcpMessage.Plain, CtcpMessage.Action, CtcpMessage.Query {

    /** Ordinary text, {@code \x01} removed. */
    record Plain(String text) implements CtcpMessage {
        public Plain {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code /me text} (ctcp.md, "ACTION"). */
    record Action(String text) implements CtcpMessage {
        public Action {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Any other CTCP message: a query in a PRIVMSG, a reply in a NOTICE.
     *
     * @param command upper case: VERSION, PING, TIME, CLIENTINFO, DCC, ...
     * @param params  everything after the first space, possibly empty
     */
    record Query(String command, String params) implements CtcpMessage {
        public Query {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(params, "params");
        }
    }
}
