package im.switchboard.irc.connection;

import com.google.common.collect.ImmutableSet;
import java.util.Map;
import org.pircbotx.PircBotX;
import org.pircbotx.hooks.Event;
import org.pircbotx.hooks.Listener;
import org.pircbotx.hooks.events.ConnectAttemptFailedEvent;
import org.pircbotx.hooks.events.SocketConnectEvent;
import org.pircbotx.hooks.managers.ListenerManager;

/**
 * A PircBotX listener manager that runs on the thread that raised the event (PircBotX's reader thread) and
 * starts no thread at all: PircBotX's own {@code ThreadedListenerManager} hands every event to a pool (a thread
 * switch and an allocation per line, order not kept across listeners). The glue raises only two events the
 * connection needs: the socket is up, and the connect attempt failed. Listeners are not kept.
 */
final class InlineListenerManager implements ListenerManager {

    private final LineHandler handler;

    InlineListenerManager(LineHandler handler) {
        this.handler = handler;
    }

    @Override
    public void onEvent(Event event) {
        if (event instanceof SocketConnectEvent) {
            handler.onSocketConnected();
        } else if (event instanceof ConnectAttemptFailedEvent failed) {
            Map<?, Exception> exceptions = failed.getConnectExceptions();
            handler.onConnectFailed(exceptions.isEmpty() ? new java.io.IOException("no address to connect to")
                    : exceptions.values().iterator().next());
        }
    }

    /**
     * Ignored: PircBotX's builder adds its {@code CoreHooks} (PONG, VERSION replies and the like), which would act
     * on events the glue never raises; the connection answers PING itself.
     */
    @Override
    public void addListener(Listener listener) {
        // Deliberately not kept: see above.
    }

    @Override
    public boolean removeListener(Listener listener) {
        return false;
    }

    @Override
    public boolean listenerExists(Listener listener) {
        return false;
    }

    @Override
    public ImmutableSet<Listener> getListeners() {
        return ImmutableSet.of();
    }

    @Override
    public void shutdown(PircBotX bot) {
        // Nothing runs outside the reader thread, so nothing is left to stop.
    }
}
