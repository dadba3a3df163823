package im.switchboard.core.session;

import im.switchboard.registration.Registration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rooms a user of an always-on session is in, as the core remembers them across gateway restarts: one
 * registration field, owned by the core, {@value #FIELD}. Its name has a dot, which no form field name has, so a
 * re-registration through the form keeps it (see {@code FormValidator}), and the bridge's own settings commands
 * copy the fields they do not manage.
 *
 * <p>The value is one line per room: the room's JID local part (which cannot hold a space, RFC 7622 section 3.3
 * and the nodeprep profile of RFC 3920 appendix A), one space, and the user's nick in it (the rest of the line).
 *
 * @param rooms nick by room local part, in the order the rooms were entered
 */
public record SavedRooms(Map<String, String> rooms) {

    /** The registration field that holds the rooms. */
    public static final String FIELD = "core.rooms";
    /** The most rooms remembered per user (a bound on what a restart rejoins, THREATS I5). */
    public static final int MAX_ROOMS = 100;

    public SavedRooms {
        rooms = Collections.unmodifiableMap(new LinkedHashMap<>(rooms));
    }

    /** No room. */
    public static SavedRooms none() {
        return new SavedRooms(Map.of());
    }

    /** The rooms stored in {@code registration}; lines that cannot be read are skipped. */
    public static SavedRooms of(Registration registration) {
        return parse(registration.fields().getOrDefault(FIELD, ""));
    }

    /** Parse the field's value. */
    public static SavedRooms parse(String value) {
        Map<String, String> rooms = new LinkedHashMap<>();
        for (String line : value.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && space < line.length() - 1 && rooms.size() < MAX_ROOMS) {
                rooms.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return new SavedRooms(rooms);
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
        return new SavedRooms(next);
    }

    /** Without {@code room}. */
    public SavedRooms without(String room) {
        if (!rooms.containsKey(room)) {
            return this;
        }
        Map<String, String> next = new LinkedHashMap<>(rooms);
        next.remove(room);
        return new SavedRooms(next);
    }

    /** {@code registration} with these rooms in {@link #FIELD} (the field removed when there is none). */
    public Registration applyTo(Registration registration) {
        Map<String, String> fields = new HashMap<>(registration.fields());
        if (rooms.isEmpty()) {
            fields.remove(FIELD);
        } else {
            fields.put(FIELD, format());
        }
        return new Registration(registration.user(), fields, registration.secrets());
    }

    /** Whether {@code registration} holds exactly these rooms. */
    public boolean storedIn(Registration registration) {
        return Objects.equals(of(registration), this);
    }
}
