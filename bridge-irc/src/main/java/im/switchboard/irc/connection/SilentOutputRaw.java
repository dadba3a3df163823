package im.switchboard.irc.connection;

import java.io.IOException;
import org.pircbotx.output.OutputRaw;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PircBotX's raw output without its INFO log of every line (marker {@code pircbotx.output}), which would put PASS,
 * AUTHENTICATE and NickServ IDENTIFY in the logs (G3), and without its message delay (the connection throttles).
 * Only PircBotX's own NICK and USER at connect time go through here.
 */
final class SilentOutputRaw extends OutputRaw {

    private static final Logger LOG = LoggerFactory.getLogger(SilentOutputRaw.class);

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
            // Not thrown: PircBotX would abandon the connect before reading, and the server's reason (an ERROR
            // such as "too many connections", already in the receive buffer) would be lost. The reader sees the
            // end of the stream next.
            LOG.debug("writing a registration line failed: {}", e.toString());
        }
    }
}
