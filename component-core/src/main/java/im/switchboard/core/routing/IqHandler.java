package im.switchboard.core.routing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xmpp.packet.IQ;

/**
 * Answers IQ requests of one (namespace, type). Registered with {@link IqHandlers}.
 *
 * <p>Threading: called on the link's reader thread, so it must not block; slow work completes the returned stage
 * later (for example from a user's actor).
 *
 * <p>The returned stage completes with the reply: a {@code result} (its {@code to}, {@code from} and {@code id}
 * are forced to answer the request), or an {@code error}. Everything else becomes an error reply: a thrown or
 * failed {@link im.switchboard.core.error.StanzaErrorException} gives its error, a
 * {@link im.switchboard.core.spi.LegacyException} its mapped error, anything else, a {@code null} stage or a
 * {@code null} IQ {@code internal-server-error}; a stage that never completes times out.
 */
@FunctionalInterface
public interface IqHandler {

    /** Start answering {@code request}. */
    CompletionStage<IQ> handle(IqRequest request) throws Exception;

    /** A handler that answers at once. */
    static IqHandler sync(Sync handler) {
        return request -> CompletableFuture.completedFuture(handler.handle(request));
    }

    /** A handler that computes its reply on the calling thread without blocking. */
    @FunctionalInterface
    interface Sync {
        /** The reply to {@code request}. */
        IQ handle(IqRequest request) throws Exception;
    }
}
