package im.switchboard.irc.connection;

import org.pircbotx.Configuration;
import org.pircbotx.InputParser;
import org.pircbotx.PircBotX;
import org.pircbotx.output.OutputRaw;

/** Plugs the silent output and the hand-off input parser into a {@link GatewayBot}. */
final class GatewayBotFactory extends Configuration.BotFactory {

    @Override
    public OutputRaw createOutputRaw(PircBotX bot) {
        return new SilentOutputRaw((GatewayBot) bot);
    }

    @Override
    public InputParser createInputParser(PircBotX bot) {
        return new RawLineInputParser((GatewayBot) bot);
    }
}
