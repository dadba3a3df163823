package im.switchboard.core.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.xmpp.packet.IQ;

/** The IQ handlers of one component, by target, payload namespace and type. Thread-safe. */
public final class IqHandlers {

    private record Key(Target target, String namespace, IQ.Type type) {
    }

    private final ConcurrentMap<Key, IqHandler> handlers = new ConcurrentHashMap<>();

    /**
     * Register {@code handler} for requests of {@code type} ({@code get} or {@code set}) whose child element is in
     * {@code namespace}, addressed to {@code target}.
     *
     * @throws IllegalStateException when a handler is already registered for that key
     */
    public void register(Target target, String namespace, IQ.Type type, IqHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (type != IQ.Type.get && type != IQ.Type.set) {
            throw new IllegalArgumentException("handlers answer get or set, not " + type);
        }
        IqHandler previous = handlers.putIfAbsent(new Key(target, namespace, type), handler);
        if (previous != null) {
            throw new IllegalStateException("already handled: " + target + " " + namespace + " " + type);
        }
    }

    /** The handler for a request, if any. */
    public Optional<IqHandler> find(Target target, String namespace, IQ.Type type) {
        return Optional.ofNullable(handlers.get(new Key(target, namespace, type)));
    }
}
