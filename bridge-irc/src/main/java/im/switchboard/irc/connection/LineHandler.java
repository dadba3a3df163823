package im.switchboard.irc.connection;

/** What the PircBotX glue ({@link GatewayBot}) reports to its {@link PircIrcConnection}, on the reader thread. */
interface LineHandler {

    /** The socket is connected (TLS done); PircBotX sends NICK and USER right after this returns. */
    void onSocketConnected();

    /** One line, decoded; never throws. */
    void onLine(String line);

    /**
     * Nothing was read for the keepalive interval.
     *
     * @return whether to keep reading; false closes the connection
     */
    boolean onIdle();

    /** Reading failed (the socket broke or was closed). */
    void onReadFailure(Exception e);

    /** PircBotX could not open the socket. */
    void onConnectFailed(Exception e);
}
