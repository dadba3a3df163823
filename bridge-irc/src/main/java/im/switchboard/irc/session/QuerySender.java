package im.switchboard.irc.session;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.message.IrcMessage;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the lines the translator asks for ({@link IrcEventTranslator#setRequestSender}) on the link's current
 * connection, through its send queue (paced at the server's rate, I5). Never blocks and never throws: with no
 * connection, or a full queue, the line is dropped; they are queries whose answers only refine state.
 */
final class QuerySender implements Consumer<IrcMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(QuerySender.class);

    private final Supplier<IrcConnection> connection;

    QuerySender(Supplier<IrcConnection> connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public void accept(IrcMessage line) {
        IrcConnection current = connection.get();
        if (current == null) {
            return;
        }
        try {
            current.send(line);
        } catch (LegacyException | IllegalArgumentException e) {
            LOG.debug("{} not sent: {}", line.command(), e.getMessage());
        }
    }
}
