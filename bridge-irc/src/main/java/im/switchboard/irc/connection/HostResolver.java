package im.switchboard.irc.connection;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Host name to addresses: the system resolver in production, a fixed table in tests. */
@FunctionalInterface
public interface HostResolver {

    /** The system resolver ({@link InetAddress#getAllByName}). */
    HostResolver SYSTEM = InetAddress::getAllByName;

    /** All addresses of {@code host}; never empty. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
