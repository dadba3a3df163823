package im.switchboard.irc.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.pircbotx.output.OutputRaw;

/**
 * PircBotX's raw output without its INFO log of every line (marker {@code pircbotx.output}), which would put PASS,
 * AUTHENTICATE and NickServ IDENTIFY in the logs (G3), and without its message delay (the connection throttles).
 * Only PircBotX's own NICK and USER at connect time go through here.
 */
final class SilentOutputRaw extends OutputRaw {

    private final GatewayBot gatewayBot;

    SilentOutputRaw(GatewayBot bot) {
        super(bot);
        this.gatewayBot = bot;
    }

    @Override
    public void rawLine(String line) {
        rawLineNow(line, false);
    }

    @Override
    public void rawLineNow(String line) {
        rawLineNow(line, false);
    }

    @Override
    public void rawLineNow(String line, boolean resetDelay) {
        try {
            gatewayBot.writeLine(line);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the IRC server", e);
        }
    }
}
