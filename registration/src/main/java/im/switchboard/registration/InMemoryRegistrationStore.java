package im.switchboard.registration;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link RegistrationStore} that lives in memory only: for tests and for bridges that need no accounts. */
public final class InMemoryRegistrationStore implements RegistrationStore {

    private final ConcurrentMap<String, Registration> byUser = new ConcurrentHashMap<>();

    @Override
    public Optional<Registration> find(String user) {
        return Optional.ofNullable(byUser.get(user));
    }

    @Override
    public List<Registration> all() {
        return List.copyOf(byUser.values());
    }

    @Override
    public void save(Registration registration) {
        byUser.put(registration.user(), registration);
    }

    @Override
    public boolean remove(String user) {
        return byUser.remove(user) != null;
    }
}
