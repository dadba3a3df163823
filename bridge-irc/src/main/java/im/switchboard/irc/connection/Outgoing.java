package im.switchboard.irc.connection;

import java.util.Objects;

/**
 * A line the connection itself sends (registration, CAP, SASL, PONG).
 *
 * @param text   the line without CR LF
 * @param secret whether it carries a secret (PASS, AUTHENTICATE, IDENTIFY, WEBIRC): such a line is never logged,
 *               at any level (G3)
 */
record Outgoing(String text, boolean secret) {

    Outgoing {
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a line holds no CR, LF or NUL (I1)");
        }
    }

    static Outgoing plain(String text) {
        return new Outgoing(text, false);
    }

    static Outgoing secret(String text) {
        return new Outgoing(text, true);
    }

    @Override
    public String toString() {
        return secret ? "Outgoing[secret]" : "Outgoing[" + text + "]";
    }
}
