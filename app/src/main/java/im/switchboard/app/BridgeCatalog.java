package im.switchboard.app;

import im.switchboard.core.spi.Bridge;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The bridges on the class path, found through {@link ServiceLoader}, by network id. */
final class BridgeCatalog {

    private final Map<String, Supplier<Bridge>> byId;

    private BridgeCatalog(Map<String, Supplier<Bridge>> byId) {
        this.byId = byId;
    }

    /** Every bridge registered in {@code META-INF/services/im.switchboard.core.spi.Bridge}. */
    static BridgeCatalog discover() {
        Map<String, Class<? extends Bridge>> types = new TreeMap<>();
        for (ServiceLoader.Provider<Bridge> provider : ServiceLoader.load(Bridge.class).stream().toList()) {
            String id = provider.get().info().id();
            Class<? extends Bridge> previous = types.putIfAbsent(id, provider.type());
            if (previous != null && previous != provider.type()) {
                throw new IllegalStateException("two bridges on the class path claim the network id '" + id + "': "
                        + previous.getName() + " and " + provider.type().getName());
            }
        }
        Map<String, Supplier<Bridge>> byId = new TreeMap<>();
        types.forEach((id, type) -> byId.put(id, () -> instantiate(type)));
        return new BridgeCatalog(byId);
    }

    /** A catalog of exactly these bridges (tests: a bridge that is not on the class path's service list). */
    static BridgeCatalog of(Map<String, Supplier<Bridge>> factories) {
        return new BridgeCatalog(new TreeMap<>(factories));
    }

    private static Bridge instantiate(Class<? extends Bridge> type) {
        // A fresh loader's provider instantiates a new bridge on each get().
        return ServiceLoader.load(Bridge.class).stream()
                .filter(provider -> provider.type() == type)
                .findFirst()
                .orElseThrow()
                .get();
    }

    /** A new instance of the bridge with that id: one per component, since a bridge serves one domain. */
    Bridge create(String id) {
        Supplier<Bridge> factory = byId.get(id);
        if (factory == null) {
            throw new IllegalArgumentException("no bridge '" + id + "' is installed; installed: " + ids());
        }
        return factory.get();
    }

    Set<String> ids() {
        return byId.keySet();
    }

    /** One new instance of every installed bridge, in the order of their ids (for their declarations). */
    List<Bridge> representatives() {
        return byId.keySet().stream().map(this::create).toList();
    }
}
