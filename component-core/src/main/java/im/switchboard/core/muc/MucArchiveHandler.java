package im.switchboard.core.muc;

import im.switchboard.core.access.AccessDecision;
import im.switchboard.core.disco.DiscoInfo;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.history.ArchivePage;
import im.switchboard.core.history.HistoryEntry;
import im.switchboard.core.history.HistoryStoreException;
import im.switchboard.core.history.RoomHistory;
import im.switchboard.core.history.UnknownArchiveIdException;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.IqRequest;
import im.switchboard.core.routing.Outbox;
import im.switchboard.core.routing.Target;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacyAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.PacketError.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0313 Message Archive Management on rooms (section 6, "Querying a MUC archive"), from the room history: a
 * query to {@code room@domain} returns the asking user's own archive of that room (every user has their own
 * legacy connection and so their own copy of what was said), paged with XEP-0059. Advertised on rooms
 * ({@code urn:xmpp:mam:2}) only when the history keeps an archive; {@code urn:xmpp:mam:2#extended} is not
 * offered ({@code before-id}, {@code after-id}, {@code ids} and the metadata query are refused as unknown
 * fields or not answered), though {@code <flip-page/>} is honoured.
 *
 * <p>Who may query (section 6.1.1: "MUST check that the user requesting the archive has the right to enter it"):
 * a registered user, and an unregistered one when unregistered users may use rooms; anyone else gets
 * {@code forbidden} (section 9). Nobody can see another user's archive: the archive is chosen by the sender.
 *
 * <p>Threading: the handlers run on the link's reader and never block: a query reads the history (which may
 * open stored chunks) on its own virtual thread, at most {@value #MAX_CONCURRENT} at a time across users (more
 * get {@code resource-constraint}), sends the results and then completes the IQ result, which the link sends
 * after them (one queue, in order).
 */
public final class MucArchiveHandler {

    /** XEP-0313. */
    public static final String NAMESPACE = "urn:xmpp:mam:2";
    /** Queries decrypting the history at the same time, for all users together. */
    static final int MAX_CONCURRENT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(MucArchiveHandler.class);

    private final RoomHistory history;
    private final Function<LegacyAddress, JID> roomJids;
    private final BooleanSupplier guestsMayUseRooms;
    private final boolean rooms;
    private final Outbox outbox;
    private final Semaphore running = new Semaphore(MAX_CONCURRENT);

    /**
     * @param history           the room history, also the archive
     * @param roomJids          the canonical JID of a room (the key the history was appended under)
     * @param guestsMayUseRooms whether unregistered users may use rooms ({@code [gateway] rooms-for-unregistered})
     * @param capabilities      the bridge's: without {@link Capability#ROOMS} there are no archives
     * @param outbox            where the results go
     */
    public MucArchiveHandler(RoomHistory history, Function<LegacyAddress, JID> roomJids,
            BooleanSupplier guestsMayUseRooms, Set<Capability> capabilities, Outbox outbox) {
        this.history = Objects.requireNonNull(history, "history");
        this.roomJids = Objects.requireNonNull(roomJids, "roomJids");
        this.guestsMayUseRooms = Objects.requireNonNull(guestsMayUseRooms, "guestsMayUseRooms");
        this.rooms = capabilities.contains(Capability.ROOMS);
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /** Whether rooms have archives: the bridge has rooms and the history keeps an archive. */
    public boolean offered() {
        return rooms && history.archives();
    }

    /** Register the query ({@code set}, section 4) and the form discovery ({@code get}, section 4.1.5). */
    public void registerWith(IqHandlers handlers) {
        handlers.register(Target.CONTACT, NAMESPACE, IQ.Type.set, this::query);
        handlers.register(Target.CONTACT, NAMESPACE, IQ.Type.get,
                request -> CompletableFuture.completedFuture(form(request)));
    }

    /**
     * A room's disco#info with {@code urn:xmpp:mam:2} added when archives are offered (section 8: a MUC archive
     * is advertised on the room's bare JID).
     */
    public DiscoInfo roomInfo(DiscoInfo info) {
        if (!offered()) {
            return info;
        }
        Set<String> features = new TreeSet<>(info.features());
        features.add(NAMESPACE);
        return new DiscoInfo(info.identities(), features);
    }

    private IQ form(IqRequest request) throws StanzaErrorException {
        archiveOf(request);
        IQ result = request.result();
        result.setChildElement(MamStanzas.form());
        return result;
    }

    private CompletionStage<IQ> query(IqRequest request) throws StanzaErrorException {
        Archive archive = archiveOf(request);
        IQ iq = request.iq();
        MamRequest asked = MamRequests.read(iq.getChildElement(), archive.room());
        if (!running.tryAcquire()) {
            throw new StanzaErrorException(new StanzaError(Condition.resource_constraint, PacketError.Type.wait,
                    "too many archive queries in progress; try again later"));
        }
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        try {
            Thread.ofVirtual().name("mam-query").start(() -> {
                try {
                    answer.complete(answer(request, archive, asked));
                } catch (StanzaErrorException e) {
                    answer.completeExceptionally(e);
                } catch (RuntimeException e) {
                    LOG.warn("room archive query failed: {}", e.toString());
                    answer.completeExceptionally(e);
                } finally {
                    running.release();
                }
            });
        } catch (RuntimeException e) {
            running.release();
            throw e;
        }
        return answer;
    }

    /** On the query's own thread: read the page, send the results, return the IQ result with {@code <fin/>}. */
    private IQ answer(IqRequest request, Archive archive, MamRequest asked) throws StanzaErrorException {
        ArchivePage page;
        if (asked.otherThanRoom()) {
            // Section 4.1: a query that no message can match is still successful, with no results.
            page = new ArchivePage(List.of(), true, OptionalInt.of(0));
        } else {
            try {
                page = history.archive(archive.user(), archive.room().toBareJID(), asked.query());
            } catch (UnknownArchiveIdException e) {
                // Section 4.3.1: an after/before UID not in the archive is item-not-found.
                throw new StanzaErrorException(StanzaError.of(Condition.item_not_found,
                        "no archived message has that id"));
            } catch (HistoryStoreException e) {
                LOG.warn("room archive unreadable: {}", e.getMessage());
                throw new StanzaErrorException(new StanzaError(Condition.internal_server_error,
                        PacketError.Type.wait, "the archive cannot be read now"));
            }
        }
        List<HistoryEntry> order = new ArrayList<>(page.entries());
        if (asked.flipPage()) {
            order = order.reversed();
        }
        JID to = request.iq().getFrom();
        for (HistoryEntry entry : order) {
            JID from = occupant(archive.room(), entry.nick());
            outbox.sendWithBackpressure(MamStanzas.result(archive.room(), to, asked.queryId(), from, entry));
        }
        IQ result = request.result();
        Element fin = MamStanzas.fin(page.entries(), page.complete(),
                page.count().isPresent() ? Optional.of(page.count().getAsInt()) : Optional.empty());
        result.setChildElement(fin);
        return result;
    }

    /** The archive a request is for: the sender's own copy of the room addressed, if they may enter it. */
    private Archive archiveOf(IqRequest request) throws StanzaErrorException {
        LegacyAddress address = request.contact().filter(LegacyAddress::isRoom).orElse(null);
        String resource = request.iq().getTo().getResource();
        if (address == null || !offered() || resource != null && !resource.isEmpty()) {
            // Section 6: the archive is on the room's bare JID; not on occupants, legacy users or without history.
            throw new StanzaErrorException(StanzaError.of(Condition.service_unavailable));
        }
        JID room;
        try {
            room = roomJids.apply(address);
        } catch (IllegalArgumentException e) {
            throw new StanzaErrorException(StanzaError.of(Condition.item_not_found));
        }
        return switch (request.sender()) {
            case AccessDecision.Registered r -> new Archive(bare(r.user()), room);
            case AccessDecision.Unregistered u when guestsMayUseRooms.getAsBoolean() ->
                    new Archive(bare(u.user()), room);
            default -> throw new StanzaErrorException(StanzaError.of(Condition.forbidden,
                    "register with the gateway first (XEP-0077) to read room archives"));
        };
    }

    private static String bare(String user) {
        return new JID(user).toBareJID();
    }

    private static JID occupant(JID room, String nick) {
        try {
            return new JID(room.getNode(), room.getDomain(), nick);
        } catch (IllegalArgumentException e) {
            // A nick that makes no resource (it did not on the live message either): the room speaks for it.
            return room.asBareJID();
        }
    }

    /** Whose archive of which room. */
    private record Archive(String user, JID room) {
    }
}
