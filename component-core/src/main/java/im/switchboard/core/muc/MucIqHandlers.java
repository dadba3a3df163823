package im.switchboard.core.muc;

import im.switchboard.core.access.AccessDecision;
import im.switchboard.core.disco.DiscoInfo;
import im.switchboard.core.disco.Features;
import im.switchboard.core.disco.Identity;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.routing.IqHandler;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.IqRequest;
import im.switchboard.core.routing.Target;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.stanza.XmlChars;
import im.switchboard.registration.Registration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError.Condition;

/**
 * The IQs of rooms: XEP-0045 admin requests (sections 8 and 9), XEP-0410 self-ping, disco#info on a room
 * (section 6.4) and room listings (section 6.3 with XEP-0059). Those that need the user's room state or legacy
 * session are answered on the user's actor; the handlers themselves never block (they run on the link's reader).
 */
public final class MucIqHandlers {

    /** Posts a query to a user's actor (the session manager). */
    @FunctionalInterface
    public interface RoomQueries {
        /** The answer, completed on the user's actor. */
        CompletableFuture<IQ> ask(Registration user, RoomQuery query);
    }

    /** Posts a query to an unregistered user's actor ({@code [gateway] rooms-for-unregistered}). */
    @FunctionalInterface
    public interface GuestQueries {
        /** The answer, completed on the user's actor; empty when unregistered users may not use rooms. */
        Optional<CompletableFuture<IQ>> ask(String user, RoomQuery query);
    }

    private final RoomQueries queries;
    private final GuestQueries guests;
    private final GuestQueries guestListings;
    private final Set<Capability> capabilities;

    public MucIqHandlers(RoomQueries queries, Set<Capability> capabilities) {
        this(queries, (user, query) -> Optional.empty(), capabilities);
    }

    /** Without room listings for unregistered users. */
    public MucIqHandlers(RoomQueries queries, GuestQueries guests, Set<Capability> capabilities) {
        this(queries, guests, (user, query) -> Optional.empty(), capabilities);
    }

    /**
     * With {@code guests} answering the self-pings and admin requests of unregistered users in rooms (a guest's
     * client pings its rooms like anyone's, XEP-0410, and would leave them on a {@code registration-required}), and
     * {@code guestListings} answering their room listings (XEP-0045 section 6.3) through a guest session that it
     * opens when there is none.
     */
    public MucIqHandlers(RoomQueries queries, GuestQueries guests, GuestQueries guestListings,
            Set<Capability> capabilities) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.guests = Objects.requireNonNull(guests, "guests");
        this.guestListings = Objects.requireNonNull(guestListings, "guestListings");
        this.capabilities = Set.copyOf(capabilities);
    }

    /**
     * Register the admin handlers ({@code set} and {@code get} in muc#admin) and the owner handlers ({@code get}
     * and {@code set} in muc#owner) on room addresses.
     */
    public void registerWith(IqHandlers handlers) {
        handlers.register(Target.CONTACT, MucNamespaces.MUC_ADMIN, IQ.Type.set, this::admin);
        handlers.register(Target.CONTACT, MucNamespaces.MUC_ADMIN, IQ.Type.get,
                request -> onRoom(request, rooms -> rooms.adminList(request.iq())));
        handlers.register(Target.CONTACT, MucNamespaces.MUC_OWNER, IQ.Type.get,
                request -> onRoom(request, rooms -> rooms.owner(request.iq())));
        handlers.register(Target.CONTACT, MucNamespaces.MUC_OWNER, IQ.Type.set,
                request -> onRoom(request, rooms -> rooms.owner(request.iq())));
    }

    /**
     * XEP-0045 section 6.4 for this gateway: {@link #roomInfo(LegacyAddress)}, plus {@code muc#roomconfig} when the
     * bridge lets owners configure rooms ({@link Capability#ROOM_CONFIG}, section 10.2).
     */
    public DiscoInfo info(LegacyAddress room) {
        DiscoInfo base = roomInfo(room);
        if (!capabilities.contains(Capability.ROOM_CONFIG)) {
            return base;
        }
        Set<String> features = new HashSet<>(base.features());
        features.add(Features.MUC_ROOMCONFIG);
        return new DiscoInfo(base.identities(), features);
    }

    /**
     * XEP-0045 section 6.4: a room's identity ({@code conference/text}, named by the address) and features. The
     * features are what is true of every room here: it speaks MUC, reflects messages with their ids
     * (muc#stable_id), answers self-pings (XEP-0410), and shows occupants' addresses to everyone when the network
     * gives them (muc_nonanonymous, with status 100 in the self-presence).
     */
    public static DiscoInfo roomInfo(LegacyAddress room) {
        return new DiscoInfo(List.of(Identity.of("conference", "text", XmlChars.strip(room.display()))),
                Set.of(Features.MUC, MucNamespaces.MUC_STABLE_ID, MucNamespaces.MUC_NONANONYMOUS, Features.DISCO_INFO,
                        Features.PING));
    }

    /** XEP-0410: a ping to a room or occupant JID, answered from the user's room state. */
    public CompletionStage<IQ> ping(IqRequest request) throws StanzaErrorException {
        IQ iq = request.iq();
        return ask(request, rooms -> rooms.ping(iq));
    }

    /** Whether disco#items on {@code address} is a room listing (the bridge lists rooms, and it is no room). */
    public boolean listsRooms(LegacyAddress address) {
        return capabilities.contains(Capability.ROOM_LIST) && !address.isRoom();
    }

    /**
     * XEP-0045 section 6.3: disco#items on a legacy service lists its rooms, one XEP-0059 page at a time. A
     * registered user lists through their session; an unregistered user of an allowed domain, when guests may use
     * rooms, through a guest session (the one of their rooms, or one opened for the listing).
     */
    public CompletionStage<IQ> listRooms(IqRequest request) throws StanzaErrorException {
        LegacyAddress service = request.contact().orElseThrow(() -> new StanzaErrorException(
                StanzaError.of(Condition.item_not_found)));
        IQ iq = request.iq();
        RoomQuery listing = rooms -> rooms.listRooms(iq, service);
        if (request.sender() instanceof AccessDecision.Unregistered u && iq.getFrom().getNode() != null) {
            Optional<CompletableFuture<IQ>> answer = guestListings.ask(u.user(), listing);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        return queries.ask(registered(request), listing);
    }

    private CompletionStage<IQ> admin(IqRequest request) throws StanzaErrorException {
        LegacyAddress room = room(request);
        IQ iq = request.iq();
        return ask(request, rooms -> rooms.admin(iq, room));
    }

    /** {@code query} on the sender's actor, for a request to a room of a bridge with rooms. */
    private CompletionStage<IQ> onRoom(IqRequest request, RoomQuery query) throws StanzaErrorException {
        room(request);
        return ask(request, query);
    }

    private LegacyAddress room(IqRequest request) throws StanzaErrorException {
        LegacyAddress room = request.contact().filter(LegacyAddress::isRoom)
                .orElseThrow(() -> new StanzaErrorException(StanzaError.of(Condition.service_unavailable)));
        if (!capabilities.contains(Capability.ROOMS)) {
            throw new StanzaErrorException(StanzaError.of(Condition.service_unavailable));
        }
        return room;
    }

    /** {@code query} on the sender's actor: a registered user's, or a guest's when guests may use rooms. */
    private CompletionStage<IQ> ask(IqRequest request, RoomQuery query) throws StanzaErrorException {
        if (request.sender() instanceof AccessDecision.Unregistered u && request.iq().getFrom().getNode() != null) {
            Optional<CompletableFuture<IQ>> answer = guests.ask(u.user(), query);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        return queries.ask(registered(request), query);
    }

    private static Registration registered(IqRequest request) throws StanzaErrorException {
        if (request.sender() instanceof AccessDecision.Registered r) {
            return r.registration();
        }
        throw new StanzaErrorException(StanzaError.of(Condition.registration_required,
                "register with the gateway first (XEP-0077)"));
    }

    /** A handler that answers with {@code handler} for room addresses and with {@code other} otherwise. */
    public static IqHandler forRooms(IqHandler rooms, IqHandler other) {
        return request -> request.contact().map(LegacyAddress::isRoom).orElse(false)
                ? rooms.handle(request) : other.handle(request);
    }
}
