package im.switchboard.irc;

import im.switchboard.irc.connection.IrcConnectorSettings;
import im.switchboard.irc.connection.PircIrcConnector;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The production {@link IrcConnectorFactory}: PircBotX connections to the allow-listed servers, verified against
 * the JVM's default trust store (C4).
 */
final class DefaultConnectors {

    static final IrcConnectorFactory FACTORY = settings -> new PircIrcConnector(
            Set.copyOf(settings.servers().values()), defaultTls(),
            IrcConnectorSettings.defaults()
                    .withRegistrationTimeout(settings.connectTimeout())
                    .withAllowPrivateAddresses(settings.allowPrivateAddresses()));

    private DefaultConnectors() {
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
    }
}
