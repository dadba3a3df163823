package im.switchboard.irc;

import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.connection.IrcConnector;

/**
 * The production {@link IrcConnectorFactory}, kept in one place. The PircBotX-based connector is built on the
 * {@code ircconn} branch; until that branch is merged, this factory yields a connector that refuses every
 * connection with a clear error (no server is reached), so the bridge still loads and answers.
 */
final class DefaultConnectors {

    static final IrcConnectorFactory FACTORY = settings -> (IrcConnector) request -> {
        throw new TransientFailureException("IRC connections are not available in this build");
    };

    private DefaultConnectors() {
    }
}
