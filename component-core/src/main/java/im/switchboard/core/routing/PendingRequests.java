package im.switchboard.core.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.xmpp.packet.IQ;

/**
 * IQ requests the gateway sent and still waits for (RFC 6120 section 8.2.3: a {@code result} or {@code error}
 * answers a {@code get}/{@code set} with the same id, from the entity it was sent to). Thread-safe.
 */
public final class PendingRequests {

    private record Pending(String peer, CompletableFuture<IQ> answer) {
    }

    private final ConcurrentMap<String, Pending> byId = new ConcurrentHashMap<>();
    private final Duration timeout;

    public PendingRequests(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Give {@code request} a fresh id and remember it. The future completes with the answer, or exceptionally
     * with a {@link java.util.concurrent.TimeoutException}.
     */
    public CompletableFuture<IQ> register(IQ request) {
        if (!request.isRequest()) {
            throw new IllegalArgumentException("not a get or set: " + request.getType());
        }
        String id = "sb-" + UUID.randomUUID();
        request.setID(id);
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        byId.put(id, new Pending(request.getTo() == null ? "" : request.getTo().toString(), answer));
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((iq, t) -> byId.remove(id));
        return answer;
    }

    /** Forget a request that could not be sent. */
    public void cancel(IQ request) {
        Pending p = byId.remove(request.getID());
        if (p != null) {
            p.answer.cancel(false);
        }
    }

    /** Complete the request {@code response} answers; {@code false} when nothing waited for it. */
    public boolean complete(IQ response) {
        String id = response.getID();
        if (id == null) {
            return false;
        }
        Pending p = byId.get(id);
        String from = response.getFrom() == null ? "" : response.getFrom().toString();
        // Only the entity we asked may answer (a spoofed id from someone else completes nothing).
        if (p == null || !p.peer.equals(from) || !byId.remove(id, p)) {
            return false;
        }
        return p.answer.complete(response);
    }

    /** How many requests wait for an answer. */
    public int size() {
        return byId.size();
    }
}
