package im.switchboard.core.testing.fake;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.BanEntry;
import im.switchboard.core.spi.ForbiddenException;
import im.switchboard.core.spi.Departure;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.Moderation;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.OutgoingMessage;
import im.switchboard.core.spi.Page;
import im.switchboard.core.spi.PageRequest;
import im.switchboard.core.spi.RecipientUnavailableException;
import im.switchboard.core.spi.Role;
import im.switchboard.core.spi.RoomConfiguration;
import im.switchboard.core.spi.RoomJoin;
import im.switchboard.core.spi.RoomJoinFailure;
import im.switchboard.core.spi.RoomListing;
import im.switchboard.core.spi.RoomMessage;
import im.switchboard.core.spi.RoomSnapshot;
import im.switchboard.core.spi.RoomSubject;
import im.switchboard.core.spi.XmppSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The rooms of a {@link FakeNetwork}: deterministic, in memory, like IRC channels. A room is created by the first
 * join (or {@link #create}). Gateway users enter through their sessions; fake users are driven by the test
 * ({@link #enter}, {@link #say}, {@link #leave}, {@link #rename}, {@link #kick}, {@link #setTopic}). Every event
 * reaches every gateway user in the room through their sink, outside the lock (the sink may wait briefly).
 *
 * <p>Gateway users listed with {@link #operator} get role moderator and affiliation admin; others are participants.
 * Messages get the legacy id {@code fake-N}. Thread-safe; waits have deadlines.
 */
public final class FakeRooms {

    /** What a gateway user said in a room. */
    public record Said(String room, String user, String nick, String body, String id) {
    }

    /** An invitation a gateway user sent. */
    public record Invitation(String room, String user, String invitee, String reason) {
    }

    /** A moderation a gateway user asked for. */
    public record Moderated(String room, String user, Moderation action) {
    }

    private static final class Room {
        private final String name;
        private final Map<String, Occupant> occupants = new LinkedHashMap<>();
        /** gateway user -> nick. */
        private final Map<String, String> members = new LinkedHashMap<>();
        private final Set<String> banned = new HashSet<>();
        private final Set<String> operators = new HashSet<>();
        private RoomSubject subject = RoomSubject.none();
        private Optional<String> key = Optional.empty();
        /** The room's settings as an owner sees them (XEP-0045 section 10.2); the key is {@link #key}. */
        private RoomConfiguration config = new RoomConfiguration(Optional.of(true), Optional.of(false),
                Optional.of(false), Optional.of(true), Optional.of(false), Optional.empty(), OptionalInt.of(0));

        private Room(String name) {
            this.name = name;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Room> rooms = new TreeMap<>();
    private final Map<String, XmppSink> sinks = new HashMap<>();
    private final Map<String, String> forcedNicks = new HashMap<>();
    private final List<Said> said = new ArrayList<>();
    private final List<Invitation> invitations = new ArrayList<>();
    private final List<Moderated> moderations = new ArrayList<>();
    private final List<RoomConfiguration> configurations = new ArrayList<>();
    private final List<RoomJoin> joins = new ArrayList<>();
    private final List<String> nickChanges = new ArrayList<>();
    /** Rooms whose joins the network holds without any answer, and the held joins. */
    private final Set<String> silent = new HashSet<>();
    /** Rooms whose joins the network sends to another room (IRC's channel forward, 470): room -> target. */
    private final Map<String, String> forwards = new HashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private long nextId;

    // ------------------------------------------------------------------ set-up by tests

    /** Create a room (rooms are also created by their first join). */
    public FakeRooms create(String room) {
        return update(() -> room(room));
    }

    /** Require {@code key} to enter the room (an IRC channel key). */
    public FakeRooms key(String room, String key) {
        return update(() -> room(room).key = Optional.of(key));
    }

    /** Ban a gateway user from the room. */
    public FakeRooms ban(String room, String gatewayUser) {
        return update(() -> room(room).banned.add(gatewayUser));
    }

    /** Make a gateway user an operator of the room (moderator/admin). */
    public FakeRooms operator(String room, String gatewayUser) {
        return update(() -> room(room).operators.add(gatewayUser));
    }

    /** The network gives the gateway user this nick whatever they ask for (status 210). */
    public FakeRooms forceNick(String gatewayUser, String nick) {
        return update(() -> forcedNicks.put(gatewayUser, nick));
    }

    /** The network sends joins of {@code room} to {@code to} instead (an IRC channel forward). */
    public FakeRooms forward(String room, String to) {
        return update(() -> forwards.put(room, to));
    }

    /** The network never answers joins of {@code room} (a stuck join) until {@link #answerHeldJoins}. */
    public FakeRooms silent(String room) {
        return update(() -> silent.add(room));
    }

    /** The network answers the joins it held, late, and answers joins of every room from now on. */
    public void answerHeldJoins() {
        List<Runnable> late;
        lock.lock();
        try {
            silent.clear();
            late = List.copyOf(held);
            held.clear();
        } finally {
            lock.unlock();
        }
        late.forEach(Runnable::run);
    }

    // ------------------------------------------------------------------ fake users acting

    /** A fake user enters a room. */
    public void enter(String room, String nick) {
        Occupant occupant = new Occupant(nick, Role.PARTICIPANT, Affiliation.NONE,
                Optional.of(new FakeAddress(nick)), Optional.empty(), false, "");
        broadcast(room, r -> r.occupants.put(nick, occupant), sink -> sink.occupantJoined(new FakeRoom(room),
                occupant));
    }

    /** An occupant's role, affiliation or away state changes. */
    public void change(String room, Occupant occupant) {
        broadcast(room, r -> r.occupants.put(occupant.nick(), occupant),
                sink -> sink.occupantChanged(new FakeRoom(room), occupant));
    }

    /** A fake user says something, at {@code sentAt} if given. */
    public void say(String room, String nick, String body, Optional<Instant> sentAt) {
        String id = locked(() -> "fake-" + ++nextId);
        broadcast(room, r -> { }, sink -> sink.roomMessageReceived(new RoomMessage(new FakeRoom(room), nick, body,
                sentAt, Optional.of(id), Optional.empty())));
    }

    /** A fake user says something on a network that gives messages no id (no IRCv3 msgid). */
    public void sayWithoutId(String room, String nick, String body, Optional<Instant> sentAt) {
        broadcast(room, r -> { }, sink -> sink.roomMessageReceived(new RoomMessage(new FakeRoom(room), nick, body,
                sentAt, Optional.empty(), Optional.empty())));
    }

    /** A fake user leaves. */
    public void leave(String room, String nick, String reason) {
        broadcast(room, r -> r.occupants.remove(nick),
                sink -> sink.occupantLeft(new FakeRoom(room), nick, Departure.left(reason)));
    }

    /** An occupant (fake or gateway user) changes nick by the network's doing. */
    public void rename(String room, String oldNick, String newNick) {
        broadcast(room, r -> {
            Occupant o = r.occupants.remove(oldNick);
            r.occupants.put(newNick, o == null ? Occupant.participant(newNick) : o.withNick(newNick));
            r.members.replaceAll((user, nick) -> nick.equals(oldNick) ? newNick : nick);
        }, sink -> sink.occupantRenamed(new FakeRoom(room), oldNick, newNick));
    }

    /** {@code actor} kicks {@code nick} (a fake user or a gateway user's nick). */
    public void kick(String room, String actor, String nick, String reason) {
        depart(room, nick, new Departure(Departure.Kind.KICKED, Optional.of(actor), reason));
    }

    /** A fake user sets the topic ({@code nick} empty: the server did). */
    public void setTopic(String room, String nick, String text) {
        RoomSubject subject = new RoomSubject(text, nick.isEmpty() ? Optional.empty() : Optional.of(nick),
                Optional.empty());
        broadcast(room, r -> r.subject = subject, sink -> sink.subjectChanged(new FakeRoom(room), nick, subject));
    }

    /** A fake user invites a gateway user into a room. */
    public void invite(String from, String gatewayUser, String room, String reason) throws NotConnectedException {
        XmppSink sink = locked(() -> sinks.get(gatewayUser));
        if (sink == null) {
            throw new NotConnectedException(gatewayUser + " is not connected");
        }
        sink.invitationReceived(new FakeRoom(room), new FakeAddress(from), reason);
    }

    /**
     * The gateway user's connection is lost: they are out of every room (status 333 for them; a quit for the
     * others). {@link #rejoin} brings them back.
     */
    public void disconnect(String gatewayUser) {
        List<Runnable> calls = new ArrayList<>();
        lock.lock();
        try {
            XmppSink own = sinks.get(gatewayUser);
            for (Room r : rooms.values()) {
                String nick = r.members.get(gatewayUser);
                if (nick == null) {
                    continue;
                }
                r.occupants.remove(nick);
                for (Map.Entry<String, String> m : r.members.entrySet()) {
                    XmppSink sink = sinks.get(m.getKey());
                    boolean self = m.getKey().equals(gatewayUser);
                    Departure d = self ? new Departure(Departure.Kind.DISCONNECTED, Optional.empty(), "ping timeout")
                            : Departure.left("Ping timeout");
                    FakeRoom room = new FakeRoom(r.name);
                    calls.add(() -> sink.occupantLeft(room, nick, d));
                }
            }
            if (own == null) {
                throw new AssertionError(gatewayUser + " is in no room");
            }
        } finally {
            lock.unlock();
        }
        calls.forEach(Runnable::run);
    }

    /** After {@link #disconnect}: the gateway user is back in every room they were in (a new roomJoined). */
    public void rejoin(String gatewayUser) {
        List<Runnable> calls = new ArrayList<>();
        lock.lock();
        try {
            XmppSink own = sinks.get(gatewayUser);
            for (Room r : rooms.values()) {
                String nick = r.members.get(gatewayUser);
                if (nick != null) {
                    Occupant occupant = occupantFor(r, gatewayUser, nick);
                    r.occupants.put(nick, occupant);
                    RoomSnapshot snapshot = new RoomSnapshot(new FakeRoom(r.name), nick, false,
                            List.copyOf(r.occupants.values()), r.subject);
                    calls.add(() -> own.roomJoined(snapshot));
                    othersOf(r, gatewayUser).forEach(sink -> calls.add(
                            () -> sink.occupantJoined(new FakeRoom(r.name), occupant)));
                }
            }
        } finally {
            lock.unlock();
        }
        calls.forEach(Runnable::run);
    }

    // ------------------------------------------------------------------ what gateway users did

    /** Wait until at least {@code count} messages were said by gateway users; returns them all. */
    public List<Said> awaitSaid(int count, Duration timeout) {
        await(() -> said.size() >= count, timeout, count + " room messages");
        return locked(() -> List.copyOf(said));
    }

    /** The joins gateway sessions asked for, in order. */
    public List<RoomJoin> joinRequests() {
        return locked(() -> List.copyOf(joins));
    }

    /** The invitations gateway users sent, waiting for at least {@code count}. */
    public List<Invitation> awaitInvitations(int count, Duration timeout) {
        await(() -> invitations.size() >= count, timeout, count + " invitations");
        return locked(() -> List.copyOf(invitations));
    }

    /** The moderations gateway users asked for, waiting for at least {@code count}. */
    public List<Moderated> awaitModerations(int count, Duration timeout) {
        await(() -> moderations.size() >= count, timeout, count + " moderations");
        return locked(() -> List.copyOf(moderations));
    }

    /** The nick changes gateway users asked for ({@code room nick}). */
    public List<String> nickChanges() {
        return locked(() -> List.copyOf(nickChanges));
    }

    /** The nicks in a room now. */
    public List<String> nicks(String room) {
        return locked(() -> List.copyOf(room(room).occupants.keySet()));
    }

    /** Wait until the gateway user is in ({@code true}) or out of the room. */
    public void awaitMember(String room, String gatewayUser, boolean member, Duration timeout) {
        await(() -> rooms.containsKey(room) && rooms.get(room).members.containsKey(gatewayUser) == member, timeout,
                gatewayUser + (member ? " in " : " out of ") + room);
    }

    // ------------------------------------------------------------------ the sessions' side

    void join(String gatewayUser, RoomJoin join, XmppSink sink) {
        String name = ((FakeRoom) join.room()).name();
        lock.lock();
        try {
            joins.add(join);
            sinks.put(gatewayUser, sink);
            changed.signalAll();
            if (silent.contains(name)) {
                held.add(() -> answer(gatewayUser, join, sink));
                return;
            }
        } finally {
            lock.unlock();
        }
        answer(gatewayUser, join, sink);
    }

    /** The network's answer to a join. */
    private void answer(String gatewayUser, RoomJoin join, XmppSink sink) {
        String name = ((FakeRoom) join.room()).name();
        List<Runnable> calls = new ArrayList<>();
        lock.lock();
        try {
            Room r = room(name);
            RoomJoinFailure failure = null;
            String nick = forcedNicks.getOrDefault(gatewayUser, join.nick());
            if (forwards.containsKey(name)) {
                FakeRoom to = new FakeRoom(forwards.get(name));
                calls.add(() -> sink.roomRedirected(join.room(), join.nick(), to, name + " forwards to "
                        + to.name()));
            } else if (r.banned.contains(gatewayUser)) {
                failure = RoomJoinFailure.BANNED;
            } else if (r.key.isPresent() && !r.key.equals(join.password().map(s -> s.reveal()))) {
                failure = RoomJoinFailure.BAD_PASSWORD;
            } else if (r.occupants.containsKey(nick)) {
                failure = RoomJoinFailure.NICK_IN_USE;
            }
            if (failure != null) {
                RoomJoinFailure f = failure;
                calls.add(() -> sink.roomJoinFailed(join.room(), join.nick(), f, "refused by the fake network"));
            } else if (!forwards.containsKey(name)) {
                Occupant occupant = occupantFor(r, gatewayUser, nick);
                r.occupants.put(nick, occupant);
                r.members.put(gatewayUser, nick);
                RoomSnapshot snapshot = new RoomSnapshot(join.room(), nick, !nick.equals(join.nick()),
                        List.copyOf(r.occupants.values()), r.subject);
                calls.add(() -> sink.roomJoined(snapshot));
                othersOf(r, gatewayUser).forEach(s -> calls.add(() -> s.occupantJoined(join.room(), occupant)));
            }
        } finally {
            lock.unlock();
        }
        calls.forEach(Runnable::run);
    }

    void part(String gatewayUser, FakeRoom room, String status) {
        String nick = locked(() -> rooms.containsKey(room.name()) ? rooms.get(room.name()).members.get(gatewayUser)
                : null);
        if (nick != null) {
            depart(room.name(), nick, Departure.left(status));
        }
    }

    void say(String gatewayUser, OutgoingMessage message) throws LegacyException {
        String name = ((FakeRoom) message.to()).name();
        List<Runnable> calls = new ArrayList<>();
        lock.lock();
        try {
            Room r = rooms.get(name);
            String nick = r == null ? null : r.members.get(gatewayUser);
            if (nick == null) {
                throw new RecipientUnavailableException("you are not in #" + name);
            }
            String legacyId = "fake-" + ++nextId;
            said.add(new Said(name, gatewayUser, nick, message.body(), message.id()));
            changed.signalAll();
            for (Map.Entry<String, String> m : r.members.entrySet()) {
                XmppSink sink = sinks.get(m.getKey());
                Optional<String> reflection = m.getKey().equals(gatewayUser) ? Optional.of(message.id())
                        : Optional.empty();
                RoomMessage copy = new RoomMessage(message.to(), nick, message.body(), Optional.empty(),
                        Optional.of(legacyId), reflection);
                calls.add(() -> sink.roomMessageReceived(copy));
            }
        } finally {
            lock.unlock();
        }
        calls.forEach(Runnable::run);
    }

    void topic(String gatewayUser, FakeRoom room, String text) throws LegacyException {
        String nick = memberNick(gatewayUser, room);
        setTopic(room.name(), nick, text);
    }

    void changeNick(String gatewayUser, FakeRoom room, String nick) throws LegacyException {
        String old = memberNick(gatewayUser, room);
        XmppSink own = locked(() -> sinks.get(gatewayUser));
        boolean taken = locked(() -> {
            nickChanges.add(room.name() + " " + nick);
            return rooms.get(room.name()).occupants.containsKey(nick);
        });
        if (taken) {
            own.roomJoinFailed(room, nick, RoomJoinFailure.NICK_IN_USE, "nick in use");
            return;
        }
        rename(room.name(), old, nick);
    }

    void moderate(String gatewayUser, FakeRoom room, Moderation action) throws LegacyException {
        String actor = memberNick(gatewayUser, room);
        boolean present = locked(() -> {
            moderations.add(new Moderated(room.name(), gatewayUser, action));
            changed.signalAll();
            return rooms.get(room.name()).occupants.containsKey(action.nick());
        });
        if (!present) {
            throw new RecipientUnavailableException(action.nick() + " is not in " + room.display());
        }
        switch (action) {
            case Moderation.Kick k -> depart(room.name(), k.nick(),
                    new Departure(Departure.Kind.KICKED, Optional.of(actor), k.reason()));
            case Moderation.Ban b -> depart(room.name(), b.nick(),
                    new Departure(Departure.Kind.BANNED, Optional.of(actor), b.reason()));
            case Moderation.SetRole r -> {
                Occupant o = locked(() -> rooms.get(room.name()).occupants.get(r.nick()));
                change(room.name(), new Occupant(o.nick(), r.role(), o.affiliation(), o.contact(), o.account(),
                        o.away(), o.status()));
            }
            case Moderation.SetAffiliation a -> {
                Occupant o = locked(() -> rooms.get(room.name()).occupants.get(a.nick()));
                change(room.name(), new Occupant(o.nick(), o.role(), a.affiliation(), o.contact(), o.account(),
                        o.away(), o.status()));
            }
        }
    }

    /** The room's bans: gateway users and nicks; an entry that is a fake name names that user. */
    List<BanEntry> banList(String gatewayUser, FakeRoom room) throws LegacyException {
        memberNick(gatewayUser, room);
        return locked(() -> rooms.get(room.name()).banned.stream().sorted()
                .map(b -> new BanEntry(b, FakeAddress.NAME.matcher(b).matches()
                        ? Optional.<im.switchboard.core.spi.LegacyAddress>of(new FakeAddress(b)) : Optional.empty(),
                        Optional.of("network"), Optional.empty()))
                .toList());
    }

    /** Only operators see and change the settings ({@link ForbiddenException} otherwise). */
    RoomConfiguration configuration(String gatewayUser, FakeRoom room) throws LegacyException {
        requireOperator(gatewayUser, room);
        return locked(() -> {
            Room r = rooms.get(room.name());
            return new RoomConfiguration(r.config.changeSubject(), r.config.moderated(), r.config.membersOnly(),
                    r.config.publicRoom(), Optional.of(r.key.isPresent()),
                    r.key.map(im.switchboard.config.Secret::of), r.config.maxUsers());
        });
    }

    void configure(String gatewayUser, FakeRoom room, RoomConfiguration changes) throws LegacyException {
        requireOperator(gatewayUser, room);
        update(() -> {
            Room r = rooms.get(room.name());
            configurations.add(changes);
            r.config = new RoomConfiguration(changes.changeSubject().or(r.config::changeSubject),
                    changes.moderated().or(r.config::moderated), changes.membersOnly().or(r.config::membersOnly),
                    changes.publicRoom().or(r.config::publicRoom), Optional.of(false), Optional.empty(),
                    changes.maxUsers().isPresent() ? changes.maxUsers() : r.config.maxUsers());
            if (changes.passwordProtected().isPresent()) {
                r.key = changes.passwordProtected().get() ? changes.password().map(p -> p.reveal()).or(() -> r.key)
                        : Optional.empty();
            }
        });
    }

    /** The configuration changes gateway users asked for, in order. */
    public List<RoomConfiguration> configurations() {
        return locked(() -> List.copyOf(configurations));
    }

    private void requireOperator(String gatewayUser, FakeRoom room) throws LegacyException {
        memberNick(gatewayUser, room);
        if (!locked(() -> rooms.get(room.name()).operators.contains(gatewayUser))) {
            throw new ForbiddenException("you are not an operator of " + room.display());
        }
    }

    void invited(String gatewayUser, FakeRoom room, FakeAddress invitee, String reason) {
        locked(() -> {
            invitations.add(new Invitation(room.name(), gatewayUser, invitee.name(), reason));
            changed.signalAll();
            return null;
        });
    }

    /** All rooms by name; {@code after} is a room's local part ({@code #name}). */
    Page<RoomListing> list(PageRequest request) {
        return locked(() -> {
            List<RoomListing> all = new ArrayList<>();
            for (Room r : rooms.values()) {
                all.add(new RoomListing(new FakeRoom(r.name), r.occupants.size(), r.subject.text()));
            }
            int from = request.index();
            if (request.after().isPresent()) {
                String after = request.after().get();
                from = 0;
                for (int i = 0; i < all.size(); i++) {
                    if (("#" + ((FakeRoom) all.get(i).room()).name()).equals(after)) {
                        from = i + 1;
                    }
                }
            }
            from = Math.min(from, all.size());
            int to = Math.min(all.size(), from + request.max());
            return new Page<>(all.subList(from, to), from, all.size());
        });
    }

    /** The session closed: the user is out of every room, and the others see a quit. */
    void loggedOut(String gatewayUser, XmppSink sink) {
        List<Runnable> calls = new ArrayList<>();
        lock.lock();
        try {
            if (sinks.get(gatewayUser) != sink) {
                return;
            }
            sinks.remove(gatewayUser);
            for (Room r : rooms.values()) {
                String nick = r.members.remove(gatewayUser);
                if (nick != null) {
                    r.occupants.remove(nick);
                    othersOf(r, gatewayUser).forEach(s -> calls.add(
                            () -> s.occupantLeft(new FakeRoom(r.name), nick, Departure.left("logged out"))));
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        calls.forEach(Runnable::run);
    }

    // ------------------------------------------------------------------ internals

    private void depart(String room, String nick, Departure departure) {
        List<Runnable> calls = new ArrayList<>();
        lock.lock();
        try {
            Room r = room(room);
            for (Map.Entry<String, String> m : r.members.entrySet()) {
                XmppSink sink = sinks.get(m.getKey());
                calls.add(() -> sink.occupantLeft(new FakeRoom(room), nick, departure));
            }
            r.occupants.remove(nick);
            r.members.values().remove(nick);
            if (departure.kind() == Departure.Kind.BANNED) {
                r.banned.add(nick);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        calls.forEach(Runnable::run);
    }

    private void broadcast(String room, Consumer<Room> update, Consumer<XmppSink> event) {
        List<XmppSink> targets = new ArrayList<>();
        lock.lock();
        try {
            Room r = room(room);
            update.accept(r);
            r.members.keySet().forEach(user -> targets.add(sinks.get(user)));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        targets.forEach(event);
    }

    private List<XmppSink> othersOf(Room r, String gatewayUser) {
        List<XmppSink> others = new ArrayList<>();
        for (String user : r.members.keySet()) {
            if (!user.equals(gatewayUser)) {
                others.add(sinks.get(user));
            }
        }
        return others;
    }

    private static Occupant occupantFor(Room r, String gatewayUser, String nick) {
        boolean op = r.operators.contains(gatewayUser);
        Optional<im.switchboard.core.spi.LegacyAddress> contact = FakeAddress.NAME.matcher(nick).matches()
                ? Optional.of(new FakeAddress(nick)) : Optional.empty();
        return new Occupant(nick, op ? Role.MODERATOR : Role.PARTICIPANT, op ? Affiliation.ADMIN : Affiliation.NONE,
                contact, Optional.empty(), false, "");
    }

    private String memberNick(String gatewayUser, FakeRoom room) throws RecipientUnavailableException {
        String nick = locked(() -> rooms.containsKey(room.name()) ? rooms.get(room.name()).members.get(gatewayUser)
                : null);
        if (nick == null) {
            throw new RecipientUnavailableException("you are not in " + room.display());
        }
        return nick;
    }

    private Room room(String name) {
        return rooms.computeIfAbsent(name, Room::new);
    }

    private FakeRooms update(Runnable action) {
        lock.lock();
        try {
            action.run();
            changed.signalAll();
            return this;
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void await(BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + what);
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }
}
