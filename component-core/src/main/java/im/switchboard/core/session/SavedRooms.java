package im.switchboard.core.session;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rooms a user of an always-on session is in, as the core remembers them across gateway restarts: one
 * registration field, owned by the core, {@value #FIELD}. Its name has a dot, which no form field name has, so a
 * re-registration through the form keeps it (see {@code FormValidator}), and the bridge's own settings commands
 * copy the fields they do not manage.
 *
 * <p>The value is one line per room: the room's JID local part (which cannot hold a space, RFC 7622 section 3.3
 * and the nodeprep profile of RFC 3920 appendix A), one space, and the user's nick in it (the rest of the line).
 *
 * <p>The passwords of keyed rooms (XEP-0045 section 7.2.6, an IRC channel key) are secrets: they live in the
 * registration's secrets, field {@value #KEYS_FIELD}, in the same line format (room, space, key), which the
 * registration store seals like any password (THREATS G2); {@link #toString()} masks them (G3). A key exists only
 * for a remembered room: forgetting the room forgets its key.
 *
 * @param rooms nick by room local part, in the order the rooms were entered
 * @param keys  the password of a keyed room, by room local part
 */
public record SavedRooms(Map<String, String> rooms, Map<String, Secret> keys) {

    /** The registration field that holds the rooms. */
    public static final String FIELD = "core.rooms";
    /** The registration secret that holds the passwords of keyed rooms. */
    public static final String KEYS_FIELD = "core.room-keys";
    /** The most rooms remembered per user (a bound on what a restart rejoins, THREATS I5). */
    public static final int MAX_ROOMS = 100;

    public SavedRooms {
        rooms = Collections.unmodifiableMap(new LinkedHashMap<>(rooms));
        Map<String, Secret> known = new LinkedHashMap<>();
        for (Map.Entry<String, Secret> key : keys.entrySet()) {
            if (rooms.containsKey(key.getKey()) && storable(key.getValue().reveal())) {
                known.put(key.getKey(), key.getValue());
            }
        }
        keys = Collections.unmodifiableMap(known);
    }

    /** Rooms without keys. */
    public SavedRooms(Map<String, String> rooms) {
        this(rooms, Map.of());
    }

    /** No room. */
    public static SavedRooms none() {
        return new SavedRooms(Map.of());
    }

    /** The rooms stored in {@code registration}, with their keys; lines that cannot be read are skipped. */
    public static SavedRooms of(Registration registration) {
        SavedRooms rooms = parse(registration.fields().getOrDefault(FIELD, ""));
        Secret keys = registration.secrets().get(KEYS_FIELD);
        if (keys == null) {
            return rooms;
        }
        Map<String, Secret> parsed = new LinkedHashMap<>();
        lines(keys.reveal()).forEach((room, key) -> parsed.put(room, Secret.of(key)));
        return new SavedRooms(rooms.rooms(), parsed);
    }

    /** Parse the field's value (no keys: they are in the secrets). */
    public static SavedRooms parse(String value) {
        return new SavedRooms(lines(value));
    }

    private static Map<String, String> lines(String value) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : value.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && space < line.length() - 1 && entries.size() < MAX_ROOMS) {
                entries.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return entries;
    }

    private static boolean storable(String text) {
        return !text.isEmpty() && text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
    }

    /** The password of {@code room}, if it is remembered with one. */
    public Optional<Secret> key(String room) {
        return Optional.ofNullable(keys.get(room));
    }

    /** The field's value. */
    public String format() {
        List<String> lines = new ArrayList<>();
        rooms.forEach((room, nick) -> lines.add(room + " " + nick));
        return String.join("\n", lines);
    }

    /** With {@code room} remembered under {@code nick} (a nick with a line break cannot be stored: unchanged). */
    public SavedRooms with(String room, String nick) {
        if (room.isEmpty() || room.indexOf(' ') >= 0 || nick.isEmpty() || nick.indexOf('\n') >= 0
                || nick.indexOf('\r') >= 0 || nick.equals(rooms.get(room))
                || !rooms.containsKey(room) && rooms.size() >= MAX_ROOMS) {
            return this;
        }
        Map<String, String> next = new LinkedHashMap<>(rooms);
        next.put(room, nick);
        return new SavedRooms(next, keys);
    }

    /**
     * With {@code room} remembered under {@code nick} and with {@code key} as its password, or without one when
     * {@code key} is empty (a key with a line break cannot be stored: the room is remembered without it).
     */
    public SavedRooms with(String room, String nick, Optional<Secret> key) {
        SavedRooms next = with(room, nick);
        if (!next.rooms.containsKey(room) || key.equals(next.key(room))) {
            return next;
        }
        Map<String, Secret> nextKeys = new LinkedHashMap<>(next.keys);
        key.ifPresentOrElse(k -> nextKeys.put(room, k), () -> nextKeys.remove(room));
        return new SavedRooms(next.rooms, nextKeys);
    }

    /** Without {@code room}, and without its key. */
    public SavedRooms without(String room) {
        if (!rooms.containsKey(room)) {
            return this;
        }
        Map<String, String> next = new LinkedHashMap<>(rooms);
        next.remove(room);
        return new SavedRooms(next, keys);
    }

    /**
     * {@code registration} with these rooms in {@link #FIELD} and their keys in the secret {@link #KEYS_FIELD}
     * (each removed when there is none, so a forgotten key leaves nothing behind).
     */
    public Registration applyTo(Registration registration) {
        Map<String, String> fields = new HashMap<>(registration.fields());
        if (rooms.isEmpty()) {
            fields.remove(FIELD);
        } else {
            fields.put(FIELD, format());
        }
        Map<String, Secret> secrets = new HashMap<>(registration.secrets());
        if (keys.isEmpty()) {
            secrets.remove(KEYS_FIELD);
        } else {
            List<String> lines = new ArrayList<>();
            keys.forEach((room, key) -> lines.add(room + " " + key.reveal()));
            secrets.put(KEYS_FIELD, Secret.of(String.join("\n", lines)));
        }
        return new Registration(registration.user(), fields, secrets);
    }

    /** Whether {@code registration} holds exactly these rooms. */
    public boolean storedIn(Registration registration) {
        return Objects.equals(of(registration), this);
    }
}
