package im.switchboard.benchmark.irc;

/**
 * One kind of IRC client connection a benchmark opens: the raw-socket reference client (the driver's ceiling),
 * PircBotX configured by hand, or the gateway's own connection code. Each connection reports to a
 * {@link JoinTracker}.
 */
public interface BenchClient extends AutoCloseable {

    /**
     * Starts connecting (on the client's own thread) to {@code host:port} as {@code nick}, registering, then
     * joining {@code channel}; returns at once. Progress and failures go to {@code tracker}.
     */
    void start(String host, int port, String nick, String channel, JoinTracker tracker);

    /** Sends {@code count} PRIVMSG lines to {@code target} from every connection, as fast as possible. */
    default void sendMessages(String target, long count) {
        throw new UnsupportedOperationException("this client does not send");
    }

    /** Disconnects every connection (QUIT), waiting a bounded time. */
    @Override
    void close();
}
