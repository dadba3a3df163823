package im.switchboard.irc;

import im.switchboard.irc.connection.IrcConnectorSettings;
import im.switchboard.irc.connection.PircIrcConnector;
import java.util.Set;

/**
 * The production {@link IrcConnectorFactory}: PircBotX connections to the allow-listed servers, verified against
 * the JVM's default trust store plus each server's {@code ca-file} for that server ({@link ServerTrust}, C4).
 */
final class DefaultConnectors {

    static final IrcConnectorFactory FACTORY = settings -> new PircIrcConnector(
            Set.copyOf(settings.servers().values()), ServerTrust.context(settings.caFiles()),
            IrcConnectorSettings.defaults()
                    .withRegistrationTimeout(settings.connectTimeout())
                    .withAllowPrivateAddresses(settings.allowPrivateAddresses()));

    private DefaultConnectors() {
    }
}
