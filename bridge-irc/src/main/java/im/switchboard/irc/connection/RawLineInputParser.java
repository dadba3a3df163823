package im.switchboard.irc.connection;

import org.pircbotx.InputParser;

/**
 * PircBotX's input parser reduced to a hand-off: every line goes to the connection's {@link LineHandler} and none
 * to PircBotX's own parsing, which would build user and channel objects for every line (CPU and memory the
 * gateway does not need: the session keeps its own state), log every line at INFO (marker {@code pircbotx.input},
 * G3) and split tags wrongly.
 */
final class RawLineInputParser extends InputParser {

    private final GatewayBot gatewayBot;

    RawLineInputParser(GatewayBot bot) {
        super(bot);
        this.gatewayBot = bot;
    }

    @Override
    public void handleLine(String line) {
        gatewayBot.handler().onLine(line);
    }
}
