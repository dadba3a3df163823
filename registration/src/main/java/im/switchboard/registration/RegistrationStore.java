package im.switchboard.registration;

import java.util.List;
import java.util.Optional;

/**
 * The registrations of one bridge, keyed by normalised bare JID.
 *
 * <p>Implementations are thread-safe. Each write is atomic: after a crash a user is either fully registered
 * (with the fields of one complete {@link #save}) or absent (THREATS G5).
 */
public interface RegistrationStore {

    /** The user's registration, if they are registered. */
    Optional<Registration> find(String user);

    /** All registrations, in no particular order. */
    List<Registration> all();

    /** Create or replace the user's registration. */
    void save(Registration registration);

    /** Remove the user's registration; returns whether there was one. */
    boolean remove(String user);
}
