package im.switchboard.irc;

import im.switchboard.irc.connection.IrcConnector;

/**
 * Builds the bridge's {@link IrcConnector} at {@link IrcBridge#start}, from the validated settings (the
 * allow-list, per-server throttling and caps, the connect timeout). Tests pass one that returns a scripted fake.
 */
@FunctionalInterface
public interface IrcConnectorFactory {

    /** The connector for {@code settings}; called once per start. */
    IrcConnector create(IrcSettings settings);
}
