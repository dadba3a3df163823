package im.switchboard.irc.channel;

import im.switchboard.core.spi.RoomSubject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One channel we are in (or are entering): its members with their membership modes, its topic, whether it is
 * moderated, its ban masks. Mutable; owned by {@link IrcNetwork}, used under its owner's lock. Members are keyed
 * by their folded nick, so two names the server's case mapping keeps apart stay two members (I8).
 */
public final class IrcChannel {

    /** Where our own membership stands. */
    public enum State {
        /** Our JOIN was echoed; NAMES (353..366) are still coming. */
        JOINING,
        /** NAMES is complete: the user has been told they are in. */
        JOINED
    }

    private String name;
    private State state = State.JOINING;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private RoomSubject topic = RoomSubject.none();
    private boolean moderated;
    private final List<String> bans = new ArrayList<>();
    private boolean namesRefresh;
    private boolean modesShown;

    IrcChannel(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The name in its display form, as the server echoed our JOIN. */
    public String name() {
        return name;
    }

    void name(String display) {
        this.name = display;
    }

    public State state() {
        return state;
    }

    public void state(State newState) {
        this.state = Objects.requireNonNull(newState, "newState");
    }

    public RoomSubject topic() {
        return topic;
    }

    public void topic(RoomSubject subject) {
        this.topic = Objects.requireNonNull(subject, "subject");
    }

    public boolean moderated() {
        return moderated;
    }

    public void moderated(boolean isModerated) {
        this.moderated = isModerated;
    }

    /** The ban masks seen in MODE +b since we joined (we do not ask for the whole list). */
    public List<String> bans() {
        return List.copyOf(bans);
    }

    public void addBan(String mask) {
        bans.add(mask);
    }

    public void removeBan(String mask, IrcCaseMapping mapping) {
        bans.removeIf(b -> mapping.same(b, mask));
    }

    /** Whether a NAMES reply for a channel already joined is being read (a refresh, not the join's). */
    public boolean namesRefresh() {
        return namesRefresh;
    }

    public void namesRefresh(boolean refreshing) {
        this.namesRefresh = refreshing;
    }

    /**
     * Whether the channel's modes (RPL_CHANNELMODEIS) were shown to the user since we joined; a new join is a new
     * channel object, so they are shown once per join.
     */
    public boolean modesShown() {
        return modesShown;
    }

    public void modesShown(boolean shown) {
        this.modesShown = shown;
    }

    /** The members in the order they were seen. */
    public Collection<Member> members() {
        return List.copyOf(members.values());
    }

    /** The member with folded nick {@code key}. */
    public Optional<Member> member(String key) {
        return Optional.ofNullable(members.get(key));
    }

    /** Adds {@code user} under {@code key} (or returns the member already there, unchanged). */
    public Member add(String key, IrcUser user) {
        return members.computeIfAbsent(key, k -> new Member(user));
    }

    public Optional<Member> remove(String key) {
        return Optional.ofNullable(members.remove(key));
    }

    void rekey(String oldKey, String newKey) {
        Member m = members.remove(oldKey);
        if (m != null) {
            members.put(newKey, m);
        }
    }

    void clearMembers() {
        members.clear();
    }

    /** A user's membership in this channel: the user and the membership modes they hold here. */
    public static final class Member {
        private final IrcUser user;
        private final Set<Character> modes = new LinkedHashSet<>();

        Member(IrcUser user) {
            this.user = Objects.requireNonNull(user, "user");
        }

        public IrcUser user() {
            return user;
        }

        /** The membership mode letters held (for example {@code o} and {@code v}). */
        public Set<Character> modes() {
            return Set.copyOf(modes);
        }

        public void mode(char mode, boolean set) {
            if (set) {
                modes.add(mode);
            } else {
                modes.remove(mode);
            }
        }

        /** Replaces the modes (a NAMES reply tells them all). */
        public void modes(Collection<Character> newModes) {
            modes.clear();
            modes.addAll(newModes);
        }
    }
}
